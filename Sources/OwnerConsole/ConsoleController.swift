import Accounts
import Bookings
import CalendarSync
import Crypto
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Logging
import RetellProvisioning
import Storage

/// The owner console (`/console`): accounts, the guided set-up, a business's settings and team, as server-rendered
/// pages that work without JavaScript. Every form is CSRF-checked; every page carries a strict CSP; a business's pages
/// answer 404 to anyone outside its team. These are pages for people, not API routes: they are not in the OpenAPI
/// document. The handlers live in `Handlers/`, one file per page family.
public struct ConsoleController: Sendable {
    let accounts: AccountService
    /// The one booking engine: the console's bookings go through it like the agent's and the API's.
    let bookings: BookingService
    let queries: OwnerBookingQueries
    let messages: MessageStore
    let calls: CallStore
    let keys: APIKeyStore
    let notifications: NotificationStore
    let customers: CustomerStore
    /// Keys the digest an erasure leaves behind (the same key as the API's erasures).
    let erasureKey: SymmetricKey
    let businesses: BusinessStore
    let hours: HoursStore
    let rules: RulesStore
    let store: AccountStore
    let team: TeamStore
    let calendars: CalendarConnectionStore
    /// Bookings whose Google event the owner deleted or moved, and the "put it back" that settles one.
    let calendarFlags: CalendarFlagStore
    /// The waitlist the owner sees and adds to, through the same use case as the agent's.
    let waitlist: Waitlist
    /// Google Calendar's connect and disconnect; nil when this server has no Google credentials.
    let calendar: CalendarConnector?
    /// The phone agents' provisioning at Retell; nil when this server has no Retell key.
    let provisioner: Provisioner?
    let agents: RetellAgentStore
    /// Forgets a business's cached busy times when its connection changes.
    let forgetBusyTimes: @Sendable (UUID) -> Void
    let cookies: ConsoleCookies
    /// The public origin (`PUBLIC_BASE_URL`), accepted as a form's origin besides the request's own host.
    let publicOrigin: String?

    public init(
        database: Database, accounts: AccountService, bookings: BookingService, erasureKey: SymmetricKey, secureCookies: Bool,
        publicBaseURL: String, calendar: CalendarConnector? = nil,
        forgetBusyTimes: @escaping @Sendable (UUID) -> Void = { _ in }, provisioner: Provisioner? = nil
    ) {
        self.provisioner = provisioner
        self.agents = RetellAgentStore(database: database)
        self.accounts = accounts
        self.bookings = bookings
        self.queries = OwnerBookingQueries(database: database)
        self.messages = MessageStore(database: database)
        self.calls = CallStore(database: database)
        self.keys = APIKeyStore(database: database)
        self.notifications = NotificationStore(database: database)
        self.customers = CustomerStore(database: database)
        self.erasureKey = erasureKey
        self.businesses = BusinessStore(database: database)
        self.hours = HoursStore(database: database)
        self.rules = RulesStore(database: database)
        self.store = AccountStore(database: database)
        self.team = TeamStore(database: database)
        self.calendars = CalendarConnectionStore(database: database)
        self.calendarFlags = CalendarFlagStore(database: database)
        self.waitlist = Waitlist(database: database, bookings: bookings)
        self.calendar = calendar
        self.forgetBusyTimes = forgetBusyTimes
        self.cookies = ConsoleCookies(secure: secureCookies)
        self.publicOrigin = URL(string: publicBaseURL).flatMap { url in
            url.scheme.map { "\($0)://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")" }
        }
    }

    /// `GET /` and everything under `/console`: the pages, as the router lists them (`METHOD /path`).
    public static func isConsoleRoute(_ route: String) -> Bool {
        route.hasSuffix(" /") || route.contains(" /console")
    }

    /// One of a business's pages: its method, its path under `/console/businesses/:businessID`, and its handler.
    typealias BusinessRoute = (
        method: HTTPRequest.Method, path: String,
        handler: @Sendable (ConsoleController) -> @Sendable (Request, AppRequestContext) async throws -> Response
    )

    /// A business's daily pages, for owners and staff alike. These tables register the routes, so the access tests that
    /// walk them cover every business page there is.
    static let dailyRoutes: [BusinessRoute] = [
        (.get, "today", { $0.todayPage }), (.post, "walk-in", { $0.walkIn }), (.get, "bookings", { $0.bookingsPage }),
        (.post, "bookings", { $0.createBooking }), (.get, "bookings/:bookingID", { $0.bookingPage }),
        (.post, "bookings/:bookingID/status", { $0.changeStatus }), (.post, "bookings/:bookingID/move", { $0.moveBooking }),
        (.post, "bookings/:bookingID/calendar", { $0.putEventBack }),
        (.get, "messages", { $0.messagesPage }), (.post, "messages/handled", { $0.markHandled }), (.get, "calls", { $0.callsPage }),
        (.get, "calls/:callID", { $0.callPage }), (.get, "waitlist", { $0.waitlistPage }), (.post, "waitlist", { $0.addToWaitlist }),
        (.post, "waitlist/remove", { $0.removeFromWaitlist }),
    ]

    /// A business's settings pages, for its owners only (staff: not found).
    static let businessRoutes: [BusinessRoute] = [
        (.get, "", { $0.businessPage }), (.get, "hours", { $0.hoursPage }), (.post, "hours", { $0.saveHours }),
        (.get, "closures", { $0.closuresPage }), (.post, "closures", { $0.addClosure }), (.post, "closures/delete", { $0.deleteClosure }),
        (.get, "rules", { $0.rulesPage }), (.post, "rules", { $0.saveRules }), (.get, "staff", { $0.staffPage }),
        (.post, "staff", { $0.saveStaff }), (.get, "contact", { $0.contactPage }), (.post, "contact", { $0.saveContact }),
        (.post, "google/connect", { $0.connectGoogle }), (.post, "google/disconnect", { $0.disconnectGoogle }),
        (.post, "google/settings", { $0.googleSettings }), (.get, "team", { $0.teamPage }), (.post, "team/invite", { $0.invite }),
        (.post, "team/member", { $0.changeMember }), (.post, "team/revoke", { $0.revokeInvite }), (.get, "keys", { $0.keysPage }),
        (.post, "keys", { $0.createKey }), (.post, "keys/revoke", { $0.revokeKey }), (.get, "message-settings", { $0.messagesSettingsPage }),
        (.post, "message-settings", { $0.saveMessagesSettings }), (.get, "sent", { $0.sentPage }), (.get, "customers", { $0.customersPage }),
        (.get, "customers/:phone", { $0.customerPage }), (.post, "customers/:phone/erase", { $0.eraseCustomer }),
        (.get, "phone-agent", { $0.phoneAgentPage }), (.post, "phone-agent", { $0.connectPhoneAgent }),
        (.post, "phone-agent/disconnect", { $0.disconnectPhoneAgent }),
    ]

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in HTMLPage.redirect("/console") }
        let console = router.group("console")
        Self.serve(console, "static/console.css", "text/css; charset=utf-8", ConsoleCSS.text)
        Self.serve(console, "static/console.js", "text/javascript; charset=utf-8", ConsoleScript.text)
        console.get("", use: home)
        console.get("login", use: loginPage)
        console.post("login", use: login)
        console.get("signup", use: signupPage)
        console.post("signup", use: signup)
        console.post("logout", use: logout)
        console.get("forgot", use: forgotPage)
        console.post("forgot", use: forgot)
        console.get("reset", use: resetPage)
        console.post("reset", use: reset)
        console.get("verify", use: verify)
        console.get("invite", use: invitePage)
        console.post("invite", use: acceptInvite)
        console.get("account", use: accountPage)
        console.post("account/password", use: changePassword)
        console.post("account/email", use: changeEmail)
        console.get("admin", use: adminPage)
        console.get("setup", use: setupPage)
        console.post("setup", use: setup)
        let business = console.group("businesses/:businessID")
        for route in Self.dailyRoutes + Self.businessRoutes {
            business.on(RouterPath(route.path), method: route.method, use: route.handler(self))
        }
    }

    /// One of the console's own files, compiled in.
    static func serve(_ group: RouterGroup<AppRequestContext>, _ path: String, _ contentType: String, _ text: String) {
        group.get(RouterPath(path)) { _, _ in
            Response(status: .ok, headers: HTMLPage.headers(contentType: contentType), body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
