import Accounts
import Bookings
import CalendarSync
import Domain
import Logging
import Notifications
import RetellProvisioning
import Storage
import Workers

/// The worker pool with every job handler this product has, sending through the configured providers.
/// `serve` (unless WORKERS=off), `receptionist work` and the tests build it here, so all run the same wiring.
public func buildWorkerPool(_ config: AppConfig, database: Database, logger: Logger) -> WorkerPool {
    buildWorkerPool(config, database: database, calendar: buildCalendar(config, database: database, logger: logger), logger: logger)
}

/// The pool sharing the process's calendar parts, so the API's busy-time lookups and the sync jobs refresh a
/// business's token once between them.
func buildWorkerPool(_ config: AppConfig, database: Database, calendar: CalendarParts?, logger: Logger) -> WorkerPool {
    let settings = config.workers
    let sms: (any SMSSender)? = settings.twilio.map { TwilioSender(configuration: $0) }
    let email: (any EmailSender)? = settings.smtp.map { SMTPMailer(configuration: $0) }
    if sms == nil {
        logger.notice("SMS not configured: text messages will be recorded as skipped (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)")
    }
    if email == nil { logger.notice("email not configured: owner emails will be recorded as skipped (set SMTP_URL, SMTP_FROM)") }
    let handlers: [any JobHandler] =
        [
            NotificationHandler(database: database, sms: sms, email: email, consoleURL: config.publicBaseURL, logger: logger),
            CalendarSyncHandler(google: calendar?.google, credentials: calendar?.credentials, database: database, logger: logger),
            CalendarWatchHandler(google: calendar?.google, credentials: calendar?.credentials, database: database, logger: logger),
            CalendarPullHandler(google: calendar?.google, credentials: calendar?.credentials, database: database, logger: logger),
            WaitlistMatchHandler(database: database, logger: logger),
            AccountEmailHandler(
                accounts: config.makeAccountService(database: database), database: database,
                email: email, baseURL: config.publicBaseURL, logger: logger),
            TeamInviteHandler(database: database, email: email, baseURL: config.publicBaseURL, logger: logger),
        ]
        + (buildProvisioner(config, database: database, logger: logger).map {
            [RetellSyncHandler(provisioner: $0, database: database, logger: logger)]
        } ?? [])
    // Behind PgBouncer the notifications come over a direct connection (DATABASE_DIRECT_URL), else polling would be all.
    let listen = config.directDatabaseURL == nil ? nil : try? config.makeDirectDatabase(logger: logger)
    return WorkerPool(database: database, handlers: handlers, configuration: settings.pool, logger: logger, listenDatabase: listen)
}

/// The Google Calendar pieces one process shares (one credential cache, so one refresh in flight per business).
struct CalendarParts: Sendable {
    let google: GoogleClient
    let credentials: Credentials
    let connector: CalendarConnector
    let busyTimes: GoogleBusyTimes
}

func buildCalendar(_ config: AppConfig, database: Database, logger: Logger) -> CalendarParts? {
    guard let settings = config.google else { return nil }
    let google = GoogleClient(configuration: settings)
    let box = SecretBox(current: config.encryptionKey, previous: config.previousEncryptionKeys)
    let credentials = Credentials(google: google, database: database, box: box, logger: logger)
    return CalendarParts(
        google: google, credentials: credentials,
        connector: CalendarConnector(google: google, database: database, credentials: credentials, box: box, logger: logger),
        busyTimes: GoogleBusyTimes(google: google, credentials: credentials, database: database, logger: logger))
}

/// The phone agents' provisioner, when the platform's Retell key is configured (`RETELL_API_KEY`).
public func buildProvisioner(_ config: AppConfig, database: Database, logger: Logger) -> Provisioner? {
    guard let retell = config.retellProvisioning else { return nil }
    return Provisioner(
        client: RetellClient(configuration: .init(apiKey: retell.apiKey, baseURL: retell.baseURL)), database: database,
        publicBaseURL: config.publicBaseURL, logger: logger)
}
