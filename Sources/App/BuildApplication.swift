import Accounts
import Bookings
import HTTPCore
import Hummingbird
import Logging
import Notifications
import OwnerConsole
import PlatformAPI
import RetellFunctions
import RetellProvisioning
import RetellWebhooks
import ServiceLifecycle
import Storage
import TenantAPI
import Workers

/// The running pieces an application is made of, exposed so tests and commands can reach the same database.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let database: Database
    public let bookings: BookingService
    /// What Retell's routes know of each business: rules for a moment, and the last facts for answering while the
    /// database is away (transfer number, zone, hours).
    public let businessFacts: BusinessFacts
    /// The owner console's accounts (sign-up, log-in, sessions).
    public let accounts: AccountService
    /// The outbox worker pool when this process runs one (WORKERS=on, the default).
    public let workerPool: WorkerPool?
    /// Google Calendar, when configured.
    let calendar: CalendarParts?
    /// The phone agents' provisioning at Retell, when configured.
    public let provisioner: Provisioner?
    /// The routes as served: the OpenAPI document and `/docs` are rendered from it.
    public let contract = APIContract()
    /// What the router itself serves (`GET /v1/…`, `:name` parameters): the drift test compares it with the contract.
    public internal(set) var servedRoutes: [String] = []
}

/// Builds the whole application (routes, middleware, database pool) from a configuration.
/// `serve` and every HTTP test call this, so tests exercise the real wiring.
public func buildApplication(_ config: AppConfig, logger: Logger) throws -> (some ApplicationProtocol, AppServices) {
    let database = try config.makeDatabase(logger: logger)
    let calendar = buildCalendar(config, database: database, logger: logger)
    let pool = config.workers.inServe ? buildWorkerPool(config, database: database, calendar: calendar, logger: logger) : nil
    var services = AppServices(
        config: config, database: database, bookings: BookingService(database: database, busyTimes: calendar?.busyTimes),
        businessFacts: BusinessFacts(database: database, ttl: config.rulesCacheTTL),
        accounts: config.makeAccountService(database: database), workerPool: pool,
        calendar: calendar, provisioner: buildProvisioner(config, database: database, logger: logger))
    let router = buildRouter(services)
    // The API's routes (the console's pages are for browsers, outside the OpenAPI document).
    services.servedRoutes = router.routes.map { "\($0.method) \($0.path)" }.filter { !ConsoleController.isConsoleRoute($0) }
    let app = Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "receptionist"),
        // The database pool starts first and stops last (a ServiceGroup shuts down in reverse order): on SIGTERM the
        // server stops taking requests, then the workers finish their jobs, then the connections close.
        services: pool.map { [database.client, $0] as [any Service] } ?? [database.client],
        logger: logger)
    return (app, services)
}

func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let database = services.database
    let router = Router(context: AppRequestContext.self)
    // Order matters: the request id wraps everything, metrics see final statuses, errors are rendered innermost.
    router.add(middleware: RequestIDMiddleware())
    // The client's address from a trusted proxy's X-Forwarded-For, before anything (limits, log-in throttle) reads it.
    router.add(middleware: ClientAddressMiddleware(proxies: services.config.trustedProxies))
    if !services.config.corsOrigins.isEmpty { router.add(middleware: AllowedOriginsMiddleware(origins: services.config.corsOrigins)) }
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: RateLimitMiddleware(limits: services.config.rateLimits))

    // Every route is added from its contract entry: the router, `/openapi.json`, `/docs` and the request checks
    // come from the same values.
    let root = RouteTable(router, contract: services.contract)
    ContractController(contract: services.contract, serverURL: services.config.publicBaseURL).addRoutes(to: root)
    HealthController(database: database).addRoutes(to: root)
    MetricsController(registry: MetricsSetup.registry, database: database).addRoutes(to: root)

    let businesses = BusinessStore(database: database)
    let hours = HoursStore(database: database)
    let keys = APIKeyStore(database: database)
    let v1 = root.group("v1").adding(middleware: AuthMiddleware(apiKeys: keys, platformAdminKey: services.config.platformAdminKey))
    BusinessController(businesses: businesses, hours: hours).addRoutes(to: v1)
    let business = v1.group("businesses/{businessID}")
    HoursController(hours: hours, businesses: businesses).addRoutes(to: business)
    APIKeyController(keys: keys, businesses: businesses).addRoutes(to: business)
    ToolsController(database: database, publicBaseURL: services.config.publicBaseURL).addRoutes(to: business)
    RetellSettingsController(database: database).addRoutes(to: business)
    PhoneAgentController(provisioner: services.provisioner, database: database).addRoutes(to: business)
    ServiceStaffController(database: database).addRoutes(to: business)
    CallsController(database: database).addRoutes(to: business)
    NotificationsController(database: database).addRoutes(to: business)
    OwnerBookingsController(database: database, bookings: services.bookings).addRoutes(to: business)
    MessagesController(database: database).addRoutes(to: business)
    ScheduleController(database: database).addRoutes(to: business)
    CustomersController(database: database, erasureKey: services.config.encryptionKey).addRoutes(to: business)
    GoogleCalendarController(connector: services.calendar?.connector, database: database, busyTimes: services.calendar?.busyTimes)
        .addRoutes(business: business, open: root)
    // Customers' texts to the platform's number, signed by Twilio.
    TwilioSMSController(
        replies: TextReplies(database: database, bookings: services.bookings), authToken: services.config.workers.twilio?.authToken,
        publicBaseURL: services.config.publicBaseURL
    ).addRoutes(to: root)
    // The platform operator's routes (the platform key).
    BusinessOnboardingController(businesses: businesses, hours: hours).addRoutes(to: v1)
    JobsController(database: database).addRoutes(to: v1)
    // Signed by Retell, not by an API key: outside the authenticated group.
    FunctionsController(
        database: database, runner: FunctionRunner(bookings: services.bookings, database: database),
        retellKeys: services.config.retellAPIKeys, facts: services.businessFacts, budget: services.config.functionTimeout
    )
    .addRoutes(to: root)
    WebhookController(database: database, retellKeys: services.config.retellAPIKeys).addRoutes(to: root)
    InboundController(
        database: database, retellKeys: services.config.retellAPIKeys, facts: services.businessFacts,
        budget: services.config.inboundTimeout
    ).addRoutes(to: root)
    // Pages for people in a browser: outside the API's contract and its bearer keys (sessions and CSRF instead).
    ConsoleController(
        database: database, accounts: services.accounts, bookings: services.bookings, erasureKey: services.config.encryptionKey,
        secureCookies: services.config.mode == .production,
        publicBaseURL: services.config.publicBaseURL, calendar: services.calendar?.connector,
        forgetBusyTimes: { [busyTimes = services.calendar?.busyTimes] in busyTimes?.forget($0) }, provisioner: services.provisioner
    ).addRoutes(to: router)
    return router
}
