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

    /// A business's daily pages, for owners and staff alike.
    static let dailyRoutes: [(method: String, path: String)] = [
        ("GET", "today"), ("POST", "walk-in"), ("GET", "bookings"), ("POST", "bookings"), ("GET", "bookings/:bookingID"),
        ("POST", "bookings/:bookingID/status"), ("POST", "bookings/:bookingID/move"), ("GET", "messages"), ("POST", "messages/handled"),
        ("GET", "calls"), ("GET", "calls/:callID"),
    ]

    /// A business's settings pages, for its owners only (staff: not found).
    static let businessRoutes: [(method: String, path: String)] = [
        ("GET", ""), ("GET", "hours"), ("POST", "hours"), ("GET", "closures"), ("POST", "closures"), ("POST", "closures/delete"),
        ("GET", "rules"), ("POST", "rules"), ("GET", "staff"), ("POST", "staff"), ("GET", "contact"), ("POST", "contact"),
        ("POST", "google/connect"), ("POST", "google/disconnect"), ("GET", "team"), ("POST", "team/invite"),
        ("POST", "team/member"), ("POST", "team/revoke"), ("GET", "keys"), ("POST", "keys"), ("POST", "keys/revoke"),
        ("GET", "message-settings"), ("POST", "message-settings"), ("GET", "sent"), ("POST", "google/settings"), ("GET", "customers"),
        ("GET", "customers/:phone"), ("POST", "customers/:phone/erase"), ("GET", "phone-agent"), ("POST", "phone-agent"),
        ("POST", "phone-agent/disconnect"),
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
        business.get("", use: businessPage)
        business.get("hours", use: hoursPage)
        business.post("hours", use: saveHours)
        business.get("closures", use: closuresPage)
        business.post("closures", use: addClosure)
        business.post("closures/delete", use: deleteClosure)
        business.get("rules", use: rulesPage)
        business.post("rules", use: saveRules)
        business.get("staff", use: staffPage)
        business.post("staff", use: saveStaff)
        business.get("contact", use: contactPage)
        business.post("contact", use: saveContact)
        business.post("google/connect", use: connectGoogle)
        business.post("google/disconnect", use: disconnectGoogle)
        business.get("team", use: teamPage)
        business.post("team/invite", use: invite)
        business.post("team/member", use: changeMember)
        business.post("team/revoke", use: revokeInvite)
        business.get("today", use: todayPage)
        business.post("walk-in", use: walkIn)
        business.get("bookings", use: bookingsPage)
        business.post("bookings", use: createBooking)
        business.get("bookings/:bookingID", use: bookingPage)
        business.post("bookings/:bookingID/status", use: changeStatus)
        business.post("bookings/:bookingID/move", use: moveBooking)
        business.get("messages", use: messagesPage)
        business.post("messages/handled", use: markHandled)
        business.get("calls", use: callsPage)
        business.get("calls/:callID", use: callPage)
        business.get("keys", use: keysPage)
        business.post("keys", use: createKey)
        business.post("keys/revoke", use: revokeKey)
        business.get("message-settings", use: messagesSettingsPage)
        business.post("message-settings", use: saveMessagesSettings)
        business.get("sent", use: sentPage)
        business.post("google/settings", use: googleSettings)
        business.get("customers", use: customersPage)
        business.get("customers/:phone", use: customerPage)
        business.post("customers/:phone/erase", use: eraseCustomer)
        business.get("phone-agent", use: phoneAgentPage)
        business.post("phone-agent", use: connectPhoneAgent)
        business.post("phone-agent/disconnect", use: disconnectPhoneAgent)
    }

    /// One of the console's own files, compiled in.
    static func serve(_ group: RouterGroup<AppRequestContext>, _ path: String, _ contentType: String, _ text: String) {
        group.get(RouterPath(path)) { _, _ in
            Response(status: .ok, headers: HTMLPage.headers(contentType: contentType), body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
