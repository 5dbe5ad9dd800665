import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The console's front door as a browser meets it: redirects, security headers, the form token and origin checks,
/// sign-up, log-in that does not reveal addresses, escaping, log-out and a new session id at every log-in.
@Suite struct ConsoleAuthTests {
    /// A browser's side of the conversation: its cookies, the last page, and forms posted from this site.
    struct Browser {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]
        var origin = "http://127.0.0.1:8080"

        struct Page {
            let status: HTTPResponse.Status
            let headers: HTTPFields
            let html: String
            var csrf: String? {
                guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
                return String(html[range.upperBound...].prefix { $0 != "\"" })
            }
        }

        mutating func get(_ path: String) async throws -> Page { try await send(.get, path, form: nil) }

        /// Signs up (which only sends the verification email) and logs in.
        mutating func signUpAndLogIn(name: String, email: String, password: String) async throws {
            let csrf = try #require(try await get("/console/signup").csrf)
            let answered = try await post("/console/signup", ["csrf": csrf, "name": name, "email": email, "password": password])
            #expect(answered.status == .ok && answered.html.contains("Check your inbox"))
            let loginCSRF = try #require(try await get("/console/login").csrf)
            let signedIn = try await post("/console/login", ["csrf": loginCSRF, "email": email, "password": password])
            #expect(signedIn.headers[.location] == "/console", "log-in of \(email)")
        }

        mutating func post(_ path: String, _ form: [String: String], origin: String? = nil) async throws -> Page {
            try await send(.post, path, form: form, origin: origin ?? self.origin)
        }

        mutating func send(_ method: HTTPRequest.Method, _ path: String, form: [String: String]?, origin: String? = nil) async throws -> Page {
            var headers = HTTPFields()
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            if let origin { headers[.origin] = origin }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                body = ByteBuffer(
                    string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
            }
            let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
            for field in response.headers[values: .setCookie] {
                let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty || field.contains("Max-Age=0") ? nil : pair[1] }
            }
            return Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
    }

    @Test func signUpLogOutLogInAndTheChecksAround() async throws {
        try await TestApp.run { api, services in
            var browser = Browser(client: api.client)
            #expect(try await browser.get("/").headers[.location] == "/console")
            #expect(try await browser.get("/console").headers[.location] == "/console/login")

            let signupPage = try await browser.get("/console/signup")
            #expect(signupPage.status == .ok)
            #expect(signupPage.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(signupPage.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(signupPage.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(!signupPage.html.contains("<script"), "no script, inline or not, on the page")
            let csrf = try #require(signupPage.csrf)
            #expect(browser.cookies["rc_form"] == csrf)
            let formCookie = try #require(signupPage.headers[values: .setCookie].first { $0.hasPrefix("rc_form=") })
            #expect(formCookie.contains("HttpOnly") && formCookie.contains("SameSite=Lax"))

            // Forged: no token, another site's origin, or no origin at all. Nothing is created.
            let form = ["csrf": csrf, "name": "<script>alert(1)</script>", "email": "Owner@Example.com", "password": "correct horse battery"]
            var without = form
            without["csrf"] = nil
            #expect(try await browser.post("/console/signup", without).status == .forbidden)
            #expect(try await browser.post("/console/signup", form, origin: "https://evil.example").status == .forbidden)
            #expect(try await services.database.count("SELECT count(*)::int FROM accounts") == 0)

            // A weak password: the page again, the error next to its field, what was typed kept (not the password).
            var weak = form
            weak["password"] = "short"
            let refused = try await browser.post("/console/signup", weak)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains(#"aria-describedby="password-error""#) && refused.html.contains("Password must be at least 10 characters."))
            #expect(refused.html.contains(#"value="Owner@Example.com""#) && !refused.html.contains("value=\"short\""))
            #expect(!refused.html.contains("nil"), "no placeholder leaks into the page")
            #expect(refused.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !refused.html.contains("<script>alert"), "escaped")

            // Signed up: "check your inbox", and the very same page for an address that has an account (its owner is
            // emailed instead), so sign-up tells nobody who has an account. Then logged in: a session cookie, the home
            // page greets the owner by name, escaped.
            let created = try await browser.post("/console/signup", form)
            #expect(created.status == .ok && created.html.contains("Check your inbox") && browser.cookies["rc_session"] == nil)
            var again = form
            again["name"] = "Someone Else"
            #expect(try await browser.post("/console/signup", again).html == created.html, "a taken address is answered alike")
            #expect(try await services.database.count("SELECT count(*)::int FROM accounts") == 1)
            #expect(
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE payload->>'purpose' = 'existing_account'") == 1)
            let firstLogin = try await browser.post(
                "/console/login",
                [
                    "csrf": try #require(try await browser.get("/console/login").csrf), "email": "owner@example.com",
                    "password": "correct horse battery",
                ])
            let sessionCookie = try #require(firstLogin.headers[values: .setCookie].first { $0.hasPrefix("rc_session=") })
            #expect(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Lax"))
            let home = try await browser.get("/console")
            #expect(home.status == .ok && home.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !home.html.contains("<script>alert"))
            #expect(home.html.contains("Check your inbox"), "not verified yet")
            let firstSession = try #require(browser.cookies["rc_session"])
            #expect(
                try await services.database.count("SELECT count(*)::int FROM console_sessions WHERE token_hash = sha256('\(firstSession)'::bytea)")
                    == 1,
                "only the digest is stored")

            // Log-out needs the session's token too.
            #expect(try await browser.post("/console/logout", ["csrf": "guess"]).status == .forbidden)
            let loggedOut = try await browser.post("/console/logout", ["csrf": try #require(home.csrf)])
            #expect(loggedOut.headers[.location] == "/console/login")
            #expect(browser.cookies["rc_session"] == nil)
            browser.cookies["rc_session"] = firstSession
            #expect(try await browser.get("/console").headers[.location] == "/console/login", "a signed-out session is gone")

            // Log-in: a wrong password and an unknown address get the same answer; the right one a new session id
            // even when the browser arrives with one set by someone else (no fixation).
            browser.cookies["rc_session"] = "planted-by-an-attacker"
            let loginCSRF = try #require(try await browser.get("/console/login").csrf)
            let wrong = try await browser.post("/console/login", ["csrf": loginCSRF, "email": "owner@example.com", "password": "not the password"])
            let unknown = try await browser.post(
                "/console/login", ["csrf": loginCSRF, "email": "nobody@example.com", "password": "not the password"])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(
                wrong.html.replacingOccurrences(of: "owner@example.com", with: "")
                    == unknown.html.replacingOccurrences(of: "nobody@example.com", with: ""))
            let signedIn = try await browser.post(
                "/console/login", ["csrf": loginCSRF, "email": "OWNER@example.com", "password": "correct horse battery"])
            #expect(signedIn.headers[.location] == "/console")
            let newSession = try #require(browser.cookies["rc_session"])
            #expect(newSession != "planted-by-an-attacker" && newSession != firstSession)
            #expect(try await browser.get("/console").status == .ok)
        }
    }

    @Test func forgottenPasswordsAreAnsweredAlike() async throws {
        try await TestApp.run { api, services in
            var browser = Browser(client: api.client)
            let csrf = try #require(try await browser.get("/console/forgot").csrf)
            let known = try await browser.post("/console/forgot", ["csrf": csrf, "email": "owner@example.com"])
            let unknown = try await browser.post("/console/forgot", ["csrf": csrf, "email": "nobody@example.com"])
            #expect(known.status == .ok && known.html == unknown.html, "the page never says whether an address has an account")
            let bad = try await browser.get("/console/verify?token=forged")
            #expect(bad.html.contains("This link no longer works"))
        }
    }
}

/// The verification email goes out through the outbox and a real SMTP server, and its link confirms the address.
@Suite struct ConsoleEmailTests {
    @Test func theVerificationEmailArrivesAndItsLinkConfirmsTheAddress() async throws {
        try await TestApp.run { api, services in
            var browser = ConsoleAuthTests.Browser(client: api.client)
            try await browser.signUpAndLogIn(name: "Marie", email: "marie@example.com", password: "bouillabaisse du jour")
            let path = try await SMTPTestServer.with { smtp -> String in
                let pool = try TestPools.product(services.database, environment: smtp.environment)
                let sent = try await TestPools.run([pool]) {
                    try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'account_email' AND state = 'succeeded'") == 1
                }
                #expect(sent, "\(smtp.process.output)")
                let mail = try #require(smtp.received.first)
                #expect(mail.contains("X-Envelope-To: marie@example.com"))
                let body = try #require(mail.components(separatedBy: "\r\n\r\n").last)
                let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(body.utf8), as: UTF8.self)
                let link = try #require(text.components(separatedBy: .newlines).first { $0.contains("/console/verify?token=") })
                return try #require(link.range(of: "/console/verify").map { String(link[$0.lowerBound...]) })
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE payload::text LIKE '%token%'") == 0,
                "no secret waits in the outbox")
            let confirmed = try await browser.get(path)
            #expect(confirmed.html.contains("marie@example.com is confirmed"), "\(confirmed.html)")
            #expect(!(try await browser.get("/console")).html.contains("Check your inbox"))
            #expect(try await browser.get(path).html.contains("This link no longer works"), "once only")
        }
    }
}

/// The account page: a new password signs every other browser out (this one stays in), a new address waits for its
/// link, and one button signs out everywhere.
@Suite struct ConsoleAccountTests {
    @Test func passwordEmailAndLoggingOutEverywhere() async throws {
        try await TestApp.run { api, services in
            var laptop = ConsoleAuthTests.Browser(client: api.client)
            try await laptop.signUpAndLogIn(name: "Ana", email: "ana@example.com", password: "first passphrase")
            var tablet = ConsoleAuthTests.Browser(client: api.client)
            let loginCSRF = try #require(try await tablet.get("/console/login").csrf)
            _ = try await tablet.post("/console/login", ["csrf": loginCSRF, "email": "ana@example.com", "password": "first passphrase"])
            #expect(try await tablet.get("/console").status == .ok)

            let page = try await laptop.get("/console/account")
            let token = try #require(page.csrf)
            let wrong = try await laptop.post(
                "/console/account/password", ["csrf": token, "current_password": "not it", "new_password": "second passphrase"])
            #expect(wrong.status == .unprocessableContent && wrong.html.contains("That is not your current password."))
            #expect(wrong.html.contains(#"aria-describedby="current_password-error""#))
            let changed = try await laptop.post(
                "/console/account/password", ["csrf": token, "current_password": "first passphrase", "new_password": "second passphrase"])
            #expect(changed.headers[.location] == "/console/account")
            #expect(try await laptop.get("/console/account").status == .ok, "this browser stays signed in")
            #expect(try await tablet.get("/console").headers[.location] == "/console/login", "every other browser is signed out")

            let fresh = try #require(try await laptop.get("/console/account").csrf)
            let email = try await laptop.post(
                "/console/account/email", ["csrf": fresh, "new_email": "Ana.New@Example.com", "email_password": "second passphrase"])
            #expect(email.html.contains("A link is on its way to Ana.New@Example.com"))
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM jobs WHERE kind = 'account_email' AND payload->>'email' = 'ana.new@example.com'") == 1)
            #expect(try await services.database.count("SELECT count(*)::int FROM accounts WHERE email = 'ana@example.com'") == 1)

            let everywhere = try await laptop.post("/console/logout", ["csrf": fresh, "everywhere": "true"])
            #expect(everywhere.headers[.location] == "/console/login")
            #expect(try await services.database.count("SELECT count(*)::int FROM console_sessions") == 0)
        }
    }
}

/// The guided set-up's first step: the business is created closed, owned by the account in the same transaction,
/// and only its owner sees it.
@Suite struct ConsoleSetupTests {
    @Test func theFirstStepCreatesTheOwnersBusiness() async throws {
        try await TestApp.run { api, services in
            var owner = ConsoleAuthTests.Browser(client: api.client)
            try await owner.signUpAndLogIn(name: "Luca", email: "luca@example.com", password: "tagliatelle al ragu")
            let setup = try await owner.get("/console/setup")
            #expect(setup.status == .ok && setup.html.contains(#"<option value="Europe/Rome""#))
            let token = try #require(setup.csrf)
            let missing = try await owner.post("/console/setup", ["csrf": token, "name": "Trattoria <Luca>", "timezone": "Europe/Rome"])
            #expect(missing.status == .unprocessableContent && missing.html.contains("Choose how you take bookings."))
            #expect(missing.html.contains(#"value="Trattoria &lt;Luca&gt;""#), "what was typed is kept, escaped")
            let badPhone = try await owner.post(
                "/console/setup", ["csrf": token, "kind": "restaurant", "name": "Trattoria <Luca>", "phone": "call me", "timezone": "Europe/Rome"])
            #expect(badPhone.status == .unprocessableContent && badPhone.html.contains(#"aria-describedby="phone-error""#))
            let created = try await owner.post(
                "/console/setup",
                ["csrf": token, "kind": "restaurant", "name": "Trattoria <Luca>", "phone": "+39 06 1234 5678", "timezone": "Europe/Rome"])
            let hoursPath = try #require(created.headers[.location])
            #expect(hoursPath.hasPrefix("/console/businesses/") && hoursPath.hasSuffix("/hours?setup=1"), "step 2 follows: \(hoursPath)")
            let hoursPage = try await owner.get(hoursPath)
            #expect(hoursPage.status == .ok && hoursPage.html.contains(#"id="friday_1_opens""#))
            let hoursToken = try #require(hoursPage.csrf)
            let overlapping = try await owner.post(
                hoursPath,
                ["csrf": hoursToken, "monday_1_opens": "12:00", "monday_1_closes": "15:00", "monday_2_opens": "14:00", "monday_2_closes": "22:00"])
            #expect(overlapping.status == .unprocessableContent && overlapping.html.contains("overlap"))
            let halfFilled = try await owner.post(hoursPath, ["csrf": hoursToken, "tuesday_1_opens": "12:00"])
            #expect(halfFilled.html.contains("Tuesday: Needs both an opening and a closing time."))
            #expect(halfFilled.html.contains(#"aria-describedby="tuesday_1-error""#))
            let saved = try await owner.post(
                hoursPath,
                [
                    "csrf": hoursToken, "setup": "1", "monday_1_opens": "12:00", "monday_1_closes": "14:30", "monday_2_opens": "18:00",
                    "monday_2_closes": "22:00",
                    "friday_1_opens": "18:00", "friday_1_closes": "01:00",
                ])
            #expect(saved.headers[.location]?.hasSuffix("/closures?setup=1") == true, "step 3 follows")
            #expect(try await services.database.count("SELECT count(*)::int FROM business_hours") == 3)
            #expect(try await owner.get(hoursPath).html.contains(#"id="friday_1_closes" name="friday_1_closes" type="time" value="01:00""#))
            let home = try await owner.get("/console")
            #expect(home.html.contains("Trattoria &lt;Luca&gt;") && home.html.contains("Owner"))
            #expect(
                try await services.database.count(
                    """
                    SELECT count(*)::int FROM businesses b JOIN account_businesses m ON m.business_id = b.id JOIN accounts a ON a.id = m.account_id
                    WHERE a.email = 'luca@example.com' AND m.role = 'owner' AND b.timezone = 'Europe/Rome' AND b.slug LIKE 'trattoria-luca-%'
                    """) == 1)

            var stranger = ConsoleAuthTests.Browser(client: api.client)
            try await stranger.signUpAndLogIn(name: "Eve", email: "eve@example.com", password: "not luca at all")
            #expect(!(try await stranger.get("/console")).html.contains("Trattoria"), "another account does not see it")
            #expect(try await stranger.get(hoursPath).status == .notFound, "nor its pages")
            let strangerToken = try #require(try await stranger.get("/console").csrf)
            #expect(
                try await stranger.post(hoursPath, ["csrf": strangerToken, "monday_1_opens": "00:00", "monday_1_closes": "23:00"]).status == .notFound
            )
            #expect(try await services.database.count("SELECT count(*)::int FROM business_hours") == 3, "nothing changed")
        }
    }
}
