import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Who is asking: the session behind the cookie, forms checked against forgery, and a business's pages opened only
/// to its team.
extension ConsoleController {
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

    /// The business in the path with the account's role there (a platform admin is an owner everywhere); nil when the
    /// account has no role in it or it does not exist, which the pages answer alike: not found.
    func member(_ context: AppRequestContext, _ session: AccountStore.Session) async throws -> (business: Business, role: AccountRole)? {
        guard let id = context.parameters.get("businessID").flatMap(UUID.init(uuidString:)) else { return nil }
        return try await businesses.role(of: session.account.id, admin: session.account.platformAdmin, in: id)
    }

    /// A business's settings page (owners only): the log-in page when signed out, not found for anyone else.
    func ownerPage(
        _ request: Request, _ context: AppRequestContext, _ render: (AccountStore.Session, Business) async throws -> Response
    ) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        guard let (business, role) = try await member(context, session), role == .owner else { return try notFound(session) }
        return try await render(session, business)
    }

    /// A form posted to a business's settings (owners only), checked against forgery first.
    func ownerForm(
        _ request: Request, _ context: AppRequestContext, _ handle: (AccountStore.Session, Business, FormBody) async throws -> Response
    ) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        guard let (business, role) = try await member(context, session), role == .owner else { return try notFound(session) }
        return try await handle(session, business, form)
    }

    /// A business's daily page (owners and staff): the log-in page when signed out, not found outside the team.
    func memberPage(
        _ request: Request, _ context: AppRequestContext, _ render: (AccountStore.Session, Business, AccountRole) async throws -> Response
    ) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        guard let (business, role) = try await member(context, session) else { return try notFound(session) }
        return try await render(session, business, role)
    }

    /// A form posted to a business's daily pages (owners and staff), checked against forgery first.
    func memberForm(
        _ request: Request, _ context: AppRequestContext,
        _ handle: (AccountStore.Session, Business, AccountRole, FormBody) async throws -> Response
    ) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        guard let (business, role) = try await member(context, session) else { return try notFound(session) }
        return try await handle(session, business, role, form)
    }

    /// What every daily page's header shows: the business's sections, the one open, and the unhandled messages' count.
    func dailyContext(_ business: Business, role: AccountRole, open: String) async throws -> [String: Any] {
        let unhandled = try await messages.unhandledCount(business.id)
        let base = Self.path(business)
        // Every item carries every key: a key missing from an item would be looked up in the page's context instead.
        var sections: [[String: Any]] = [
            ("Today", "/today"), ("Bookings", "/bookings"), ("Messages", "/messages"), ("Calls", "/calls"), ("Waitlist", "/waitlist"),
        ]
        .map {
            ["label": $0.0, "link": base + $0.1, "badge": false, "unhandled": 0]
        }
        sections[2]["badge"] = unhandled > 0
        sections[2]["unhandled"] = unhandled
        if role == .owner { sections.append(["label": "Settings", "link": base, "badge": false, "unhandled": 0]) }
        for index in sections.indices { sections[index]["current"] = sections[index]["label"] as? String == open }
        return ["business": business.name, "businessPath": base, "sections": sections, "hasSections": true, "isOwner": role == .owner]
    }

    /// The path of one of a business's pages.
    static func path(_ business: Business, _ page: String = "") -> String {
        "/console/businesses/\(business.id.uuidString.lowercased())\(page.isEmpty ? "" : "/" + page)"
    }

    func notFound(_ session: AccountStore.Session) throws -> Response {
        try page("not-found", title: "Not found", status: .notFound, csrf: session.csrfToken, account: session.account).response()
    }
}
