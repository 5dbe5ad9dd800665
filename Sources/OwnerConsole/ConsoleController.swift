import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Logging
import Storage

/// The owner console's front door (`/console`): sign up, log in and out, forgotten passwords and the home page, as
/// server-rendered pages that work without JavaScript. Every form is CSRF-checked; every page carries a strict CSP.
/// These are pages for people, not API routes: they are not in the OpenAPI document.
public struct ConsoleController: Sendable {
    let accounts: AccountService
    let businesses: BusinessStore
    let hours: HoursStore
    let store: AccountStore
    let cookies: ConsoleCookies
    /// The public origin (`PUBLIC_BASE_URL`), accepted as a form's origin besides the request's own host.
    let publicOrigin: String?

    public init(database: Database, accounts: AccountService, secureCookies: Bool, publicBaseURL: String) {
        self.accounts = accounts
        self.businesses = BusinessStore(database: database)
        self.hours = HoursStore(database: database)
        self.store = AccountStore(database: database)
        self.cookies = ConsoleCookies(secure: secureCookies)
        self.publicOrigin = URL(string: publicBaseURL).flatMap { url in
            url.scheme.map { "\($0)://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")" }
        }
    }

    /// `GET /` and everything under `/console`: the pages, as the router lists them (`METHOD /path`).
    public static func isConsoleRoute(_ route: String) -> Bool {
        route.hasSuffix(" /") || route.contains(" /console")
    }

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
        console.get("businesses/:businessID/hours", use: hoursPage)
        console.post("businesses/:businessID/hours", use: saveHours)
        console.get("setup", use: setupPage)
        console.post("setup", use: setup)
        console.get("account", use: accountPage)
        console.post("account/password", use: changePassword)
        console.post("account/email", use: changeEmail)
    }

    /// One of the console's own files, compiled in.
    static func serve(_ group: RouterGroup<AppRequestContext>, _ path: String, _ contentType: String, _ text: String) {
        group.get(RouterPath(path)) { _, _ in
            Response(status: .ok, headers: HTMLPage.headers(contentType: contentType), body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    // MARK: pages before log-in

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in
            try page(
                "login", title: "Log in", csrf: token, fields: [Self.emailField(""), Self.passwordField("password", "Password", "current-password")])
        }
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        let email = form["email"]
        switch try await accounts.logIn(email: email, password: form["password"], client: context.remoteAddress ?? "unknown") {
        case .signedIn(let signedIn):
            return sessionStarted(signedIn, then: "/console")
        case .refused:
            return try page(
                "login", title: "Log in", status: .unauthorized, csrf: token,
                problem: "That email and password do not match an account. Check both and try again.",
                fields: [Self.emailField(email), Self.passwordField("password", "Password", "current-password")]
            ).response()
        case .throttled(let wait):
            return try page(
                "login", title: "Log in", status: .tooManyRequests, csrf: token,
                problem: "Too many attempts. Wait \(wait / 60) minutes, or reset your password.",
                fields: [Self.emailField(email), Self.passwordField("password", "Password", "current-password")]
            ).response()
        }
    }

    @Sendable func signupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in try page("signup", title: "Create your account", csrf: token, fields: Self.signupFields()) }
    }

    @Sendable func signup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        let (name, email) = (form["name"], form["email"])
        func again(_ field: String, _ message: String) throws -> Response {
            try page(
                "signup", title: "Create your account", status: .unprocessableContent, csrf: token,
                fields: Self.signupFields(name: name, email: email, error: (field, message))
            ).response()
        }
        let account: Account
        do {
            account = try await accounts.signUp(name: name, email: email, password: form["password"])
        } catch let error as ValidationError {
            return try again(error.field, Self.sentence(error))
        } catch StorageError.duplicate {
            return try again("email", "An account with this email already exists. Log in, or reset its password.")
        }
        return sessionStarted(try await accounts.openSession(for: account), then: "/console")
    }

    @Sendable func forgotPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in try page("forgot", title: "Reset your password", csrf: token, fields: [Self.emailField("")]) }
    }

    /// The same answer whether or not the address has an account: nobody learns who has one.
    @Sendable func forgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard try checkedFormToken(request, form) != nil else { return refusedForm() }
        _ = try await accounts.requestPasswordReset(email: form["email"])
        return try notice(
            "Check your inbox", "If an account uses that address, a link to set a new password is on its way. It works for an hour.",
            next: "/console/login", nextLabel: "Back to log in")
    }

    @Sendable func resetPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let link = request.uri.queryParameters.get("token") ?? ""
        return try await withFormToken(request) { token in
            try page(
                "reset", title: "Choose a new password", csrf: token, extra: ["token": link],
                fields: [Self.passwordField("password", "New password", "new-password")])
        }
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        do {
            guard try await accounts.resetPassword(link: form["token"], new: form["password"]) else {
                return try notice(
                    "This link no longer works", "It was used already or is more than an hour old. Ask for a new one.",
                    next: "/console/forgot", nextLabel: "Send a new link")
            }
        } catch let error as ValidationError {
            return try page(
                "reset", title: "Choose a new password", status: .unprocessableContent, csrf: token, extra: ["token": form["token"]],
                fields: [Self.passwordField("password", "New password", "new-password", error: Self.sentence(error))]
            ).response()
        }
        return try notice(
            "Password changed", "You are signed out everywhere. Log in with the new password.", next: "/console/login",
            nextLabel: "Log in")
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let link = request.uri.queryParameters.get("token") ?? ""
        guard let account = try await accounts.verifyEmail(link: link) else {
            return try notice(
                "This link no longer works", "It was used already or has expired. Log in to have a new one sent.",
                next: "/console", nextLabel: "Go to the console")
        }
        return try notice("Email confirmed", "\(account.email) is confirmed.", next: "/console", nextLabel: "Go to the console")
    }

    // MARK: signed in

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        var items: [[String: Any]] = []
        for (businessID, role) in try await store.businesses(of: session.account.id) {
            guard let business = try await businesses.get(businessID) else { continue }
            items.append(["name": business.name, "kind": Self.kindName(business.kind), "role": role == .owner ? "Owner" : "Staff"])
        }
        return try page(
            "home", title: "Your businesses", csrf: session.csrfToken, account: session.account,
            extra: [
                "businesses": items, "hasBusinesses": !items.isEmpty, "verified": session.account.emailVerified,
                "email": session.account.email,
            ]
        ).response()
    }

    // MARK: guided set-up

    @Sendable func setupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        return try setupPage(session).response()
    }

    func setupPage(
        _ session: AccountStore.Session, status: HTTPResponse.Status = .ok, form: FormBody? = nil, error: (String, String)? = nil
    )
        throws -> HTMLPage
    {
        func message(_ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        let kind = form?["kind"] ?? ""
        let zone = form?["timezone"] ?? ""
        var extra: [String: Any] = [
            "kinds": [
                ("restaurant", "Tables (a restaurant)"), ("appointments", "Appointments (a salon, a clinic)"), ("tee_times", "Tee times (golf)"),
            ]
            .map { ["value": $0.0, "label": $0.1, "checked": $0.0 == kind] as [String: Any] },
            "fields": [
                Self.field("name", "Business name", type: "text", value: form?["name"] ?? "", autocomplete: "organization", error: message("name")),
                Self.field(
                    "phone", "Phone number (with country code)", type: "tel", value: form?["phone"] ?? "", autocomplete: "tel",
                    error: message("phone"), required: false),
            ],
            "zones": TimeZone.knownTimeZoneIdentifiers.sorted().map { ["id": $0, "selected": $0 == zone] as [String: Any] },
        ]
        if let kindError = message("kind") { extra["kindError"] = kindError }
        if let zoneError = message("timezone") { extra["timezoneError"] = zoneError }
        return try page(
            "setup-business", title: "Set up your business", status: status, csrf: session.csrfToken, account: session.account,
            extra: extra)
    }

    /// Step 1 saved: the business, closed until its hours are set, owned by this account from the same transaction.
    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        func again(_ field: String, _ message: String) throws -> Response {
            try setupPage(session, status: .unprocessableContent, form: form, error: (field, message)).response()
        }
        guard let kind = BusinessKind(rawValue: form["kind"]) else { return try again("kind", "Choose how you take bookings.") }
        do {
            try Business.validateName(form["name"])
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            let phone = form["phone"].isEmpty ? nil : try PhoneNumber(form["phone"], field: "phone")
            let zone = try TimeZoneName(form["timezone"])
            let new = NewBusiness(
                slug: try Slug(Self.slug(for: name)), name: name, kind: kind, timezone: zone,
                details: BusinessDetails(phone: phone), policy: .defaults(for: kind))
            let (business, _) = try await businesses.create(
                new, hours: .closed, firstKey: APIKey.generate(), keyName: "console", owner: session.account.id)
            return HTMLPage.redirect("/console/businesses/\(business.id.uuidString.lowercased())/hours")
        } catch let error as ValidationError {
            return try again(error.field, Self.sentence(error))
        }
    }

    // MARK: a business's pages

    /// The business in the path when the signed-in account owns it; another business (or none) is simply not found.
    func owned(_ context: AppRequestContext, _ session: AccountStore.Session) async throws -> Business? {
        guard let id = context.parameters.get("businessID").flatMap(UUID.init(uuidString:)),
            try await store.businesses(of: session.account.id).contains(where: { $0.businessID == id && $0.role == .owner })
        else { return nil }
        return try await businesses.get(id)
    }

    func notFound(_ session: AccountStore.Session) throws -> Response {
        try page("not-found", title: "Not found", status: .notFound, csrf: session.csrfToken, account: session.account).response()
    }

    @Sendable func hoursPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        guard let business = try await owned(context, session) else { return try notFound(session) }
        let weekly = try await hours.weekly(business.id)
        var values: [String: String] = [:]
        for day in Weekday.allCases {
            for (index, range) in weekly.intervals(on: day).prefix(2).enumerated() {
                values["\(day.name)_\(index + 1)_opens"] = range.opens.description
                values["\(day.name)_\(index + 1)_closes"] = range.closes.description
            }
        }
        return try hoursPage(session, business, values: values).response()
    }

    func hoursPage(
        _ session: AccountStore.Session, _ business: Business, values: [String: String], status: HTTPResponse.Status = .ok,
        error: (String, String)? = nil, problem: String? = nil
    ) throws -> HTMLPage {
        let days: [[String: Any]] = Weekday.allCases.map { day in
            let ranges: [[String: Any]] = (1 ... 2).map { n in
                let id = "\(day.name)_\(n)"
                var range: [String: Any] = [
                    "id": id, "opens": values["\(id)_opens"] ?? "", "closes": values["\(id)_closes"] ?? "",
                ]
                range["label"] = n == 1 ? day.name.capitalizingFirstLetter : "\(day.name.capitalizingFirstLetter) (second range)"
                if let error, error.0 == id { range["error"] = error.1 }
                return range
            }
            return ["label": day.name.capitalizingFirstLetter, "ranges": ranges]
        }
        return try page(
            "setup-hours", title: "Opening hours", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem, extra: ["business": business.name, "businessID": business.id.uuidString.lowercased(), "days": days])
    }

    /// The week as typed: each filled range checked (a time, not zero length), then the whole week (no overlap).
    @Sendable func saveHours(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        guard let business = try await owned(context, session) else { return try notFound(session) }
        var days: [Weekday: [OpeningInterval]] = [:]
        for day in Weekday.allCases {
            for n in 1 ... 2 {
                let id = "\(day.name)_\(n)"
                let (opens, closes) = (form["\(id)_opens"], form["\(id)_closes"])
                if opens.isEmpty && closes.isEmpty { continue }
                do {
                    guard !opens.isEmpty, !closes.isEmpty else { throw ValidationError(field: id, "needs both an opening and a closing time") }
                    days[day, default: []].append(try OpeningInterval(opens: opens, closes: closes, field: id))
                } catch let error as ValidationError {
                    let label = "\(day.name.capitalizingFirstLetter)\(n == 2 ? ", second range" : "")"
                    let text = error.message.prefix(1).uppercased() + error.message.dropFirst()
                    return try hoursPage(
                        session, business, values: form.fields, status: .unprocessableContent,
                        error: (id, "\(label): \(text).")
                    ).response()
                }
            }
        }
        do {
            _ = try await hours.replaceWeekly(business.id, try WeeklyHours(days))
        } catch let error as ValidationError {
            return try hoursPage(
                session, business, values: form.fields, status: .unprocessableContent,
                problem: "Two ranges overlap (\(error.message)). Change one of them."
            ).response()
        }
        return HTMLPage.redirect("/console")
    }

    /// A URL-safe handle from the name, made unique with a short random tail (the owner never has to choose one).
    static func slug(for name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
        let base = words.isEmpty ? "business" : String(words.prefix(50)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let tail = String((0 ..< 4).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement()! })
        return "\(base)-\(tail)"
    }

    @Sendable func accountPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        return try accountPage(session).response()
    }

    func accountPage(
        _ session: AccountStore.Session, status: HTTPResponse.Status = .ok, notice: String? = nil,
        passwordError: (String, String)? = nil, emailError: (String, String)? = nil, newEmail: String = ""
    ) throws -> HTMLPage {
        func message(_ error: (String, String)?, _ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        var extra: [String: Any] = [
            "email": session.account.email,
            "passwordFields": [
                Self.passwordField("current_password", "Current password", "current-password", error: message(passwordError, "current_password")),
                Self.passwordField("new_password", "New password", "new-password", error: message(passwordError, "new_password")),
            ],
            "emailFields": [
                Self.field("new_email", "New email", type: "email", value: newEmail, autocomplete: "email", error: message(emailError, "new_email")),
                Self.passwordField("email_password", "Your password", "current-password", error: message(emailError, "email_password")),
            ],
        ]
        if let notice { extra["notice"] = notice }
        return try page("account", title: "Your account", status: status, csrf: session.csrfToken, account: session.account, extra: extra)
    }

    /// A new password after the current one; every session ends, and this browser is signed in again at once.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        do {
            guard try await accounts.changePassword(accountID: session.account.id, current: form["current_password"], new: form["new_password"])
            else {
                return try accountPage(
                    session, status: .unprocessableContent,
                    passwordError: ("current_password", "That is not your current password.")
                ).response()
            }
        } catch let error as ValidationError {
            return try accountPage(session, status: .unprocessableContent, passwordError: ("new_password", Self.sentence(error))).response()
        }
        return sessionStarted(try await accounts.openSession(for: session.account), then: "/console/account")
    }

    /// A link to the new address; it becomes the account's when the link is opened.
    @Sendable func changeEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        do {
            guard try await accounts.requestEmailChange(accountID: session.account.id, password: form["email_password"], newEmail: form["new_email"])
            else {
                return try accountPage(
                    session, status: .unprocessableContent, emailError: ("email_password", "That is not your password."),
                    newEmail: form["new_email"]
                ).response()
            }
        } catch let error as ValidationError {
            return try accountPage(
                session, status: .unprocessableContent, emailError: ("new_email", Self.sentence(error)),
                newEmail: form["new_email"]
            ).response()
        }
        return try accountPage(session, notice: "A link is on its way to \(form["new_email"]). Your address changes when you open it.").response()
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = request.cookies[ConsoleCookies.session]?.value, let session = try await accounts.session(token: token) else {
            return HTMLPage.redirect("/console/login", cookies: [cookies.expired(ConsoleCookies.session)])
        }
        do { try FormGuard.check(request, form: form, expected: session.csrfToken, publicOrigin: publicOrigin) } catch { return refusedForm() }
        if form["everywhere"] == "true" {
            try await accounts.logOutEverywhere(accountID: session.account.id)
        } else {
            try await accounts.logOut(token: token)
        }
        return HTMLPage.redirect("/console/login", cookies: [cookies.expired(ConsoleCookies.session)])
    }

    // MARK: plumbing

    /// A form posted by a signed-in browser, checked against forgery; otherwise the answer to give instead (the log-in
    /// page, or the refusal).
    func signedInForm(_ request: Request) async throws -> (FormBody?, AccountStore.Session?, Response) {
        let form = try await FormBody.read(request)
        guard let session = try await signedIn(request) else { return (nil, nil, HTMLPage.redirect("/console/login")) }
        do { try FormGuard.check(request, form: form, expected: session.csrfToken, publicOrigin: publicOrigin) } catch {
            return (nil, nil, refusedForm())
        }
        return (form, session, Response(status: .ok))
    }

    func signedIn(_ request: Request) async throws -> AccountStore.Session? {
        guard let token = request.cookies[ConsoleCookies.session]?.value else { return nil }
        return try await accounts.session(token: token)
    }

    /// Signed in: the session's cookie set, the pre-log-in form token dropped, on to `then`.
    func sessionStarted(_ signedIn: AccountService.SignedIn, then location: String) -> Response {
        HTMLPage.redirect(
            location,
            cookies: [
                cookies.session(signedIn.token.value, maxAge: Int(SessionPolicy.standard.absolute)),
                cookies.expired(ConsoleCookies.formToken, path: "/console"),
            ])
    }

    /// A page before log-in, with the form token this browser must send back (a cookie it keeps, and the page's copy).
    func withFormToken(_ request: Request, _ render: (String) throws -> HTMLPage) async throws -> Response {
        let token = request.cookies[ConsoleCookies.formToken]?.value ?? SecretToken.generate().value
        var page = try render(token)
        page.cookies.append(cookies.formToken(token))
        return try page.response()
    }

    /// The form's token when it matches the cookie and the request comes from this site; nil otherwise.
    func checkedFormToken(_ request: Request, _ form: FormBody) throws -> String? {
        let expected = request.cookies[ConsoleCookies.formToken]?.value
        do { try FormGuard.check(request, form: form, expected: expected, publicOrigin: publicOrigin) } catch { return nil }
        return expected
    }

    func refusedForm() -> Response {
        (try? notice(
            "Please try again", "This form was open too long, or came from another site. Open the page again and resubmit.",
            next: "/console", nextLabel: "Back to the console", status: .forbidden)) ?? Response(status: .forbidden)
    }

    func notice(_ title: String, _ text: String, next: String, nextLabel: String, status: HTTPResponse.Status = .ok) throws -> Response {
        try page("notice", title: title, status: status, csrf: "", extra: ["notice": text, "next": next, "nextLabel": nextLabel]).response()
    }

    func page(
        _ template: String, title: String, status: HTTPResponse.Status = .ok, csrf: String, account: Account? = nil,
        problem: String? = nil, extra: [String: Any] = [:], fields: [[String: Any]] = []
    ) throws -> HTMLPage {
        var context: [String: Any] = ["title": title, "csrf": csrf, "fields": fields]
        if let account { context["account"] = ["name": account.name] }
        if let problem { context["problem"] = problem }
        context.merge(extra) { _, new in new }
        guard let html = Templates.library.render(context, withTemplate: template) else { throw HTTPError(.internalServerError) }
        return HTMLPage(status: status, html: html)
    }

    /// A field's template values; `error` only when there is one (a nil in a Mustache context would render as "nil").
    static func field(
        _ name: String, _ label: String, type: String, value: String, autocomplete: String, error: String?, required: Bool = true
    )
        -> [String: Any]
    {
        var field: [String: Any] = ["name": name, "label": label, "type": type, "value": value, "autocomplete": autocomplete, "required": required]
        if let error { field["error"] = error }
        return field
    }

    static func emailField(_ value: String, error: String? = nil) -> [String: Any] {
        field("email", "Email", type: "email", value: value, autocomplete: "email", error: error)
    }

    static func passwordField(_ name: String, _ label: String, _ autocomplete: String, error: String? = nil) -> [String: Any] {
        field(name, label, type: "password", value: "", autocomplete: autocomplete, error: error)
    }

    static func signupFields(name: String = "", email: String = "", error: (String, String)? = nil) -> [[String: Any]] {
        func message(_ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        return [
            field("name", "Your name", type: "text", value: name, autocomplete: "name", error: message("name")),
            emailField(email, error: message("email")),
            passwordField("password", "Password", "new-password", error: message("password")),
        ]
    }

    /// A validation message as a sentence for an owner ("Password must be at least 10 characters.").
    static func sentence(_ error: ValidationError) -> String {
        let subject = error.field.replacingOccurrences(of: "_", with: " ").capitalizingFirstLetter
        return "\(subject) \(error.message)."
    }

    static func kindName(_ kind: BusinessKind) -> String {
        switch kind {
        case .restaurant: "Restaurant"
        case .appointments: "Appointments"
        case .teeTimes: "Golf tee times"
        }
    }
}

extension String {
    var capitalizingFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}
