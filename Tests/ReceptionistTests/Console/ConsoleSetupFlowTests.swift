import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@testable import OwnerConsole

/// The guided set-up after its first step, for each kind of business: hours, holidays, the booking rules of the kind
/// (and staff for appointments), transfers and messages, then the business page's checklist. Each change is audited
/// in its transaction.
@Suite struct ConsoleSetupFlowTests {
    typealias Browser = ConsoleAuthTests.Browser

    /// A signed-in owner's business created by the set-up's first step; its path (`/console/businesses/<id>`).
    static func business(_ owner: inout Browser, kind: String, name: String = "Chez Nous") async throws -> String {
        let token = try #require(try await owner.get("/console/setup").csrf)
        let created = try await owner.post(
            "/console/setup",
            [
                "csrf": token, "kind": kind, "name": name, "phone": "+1 212 555 0100", "address": "12 Main Street, Springfield",
                "timezone": "America/New_York", "language": kind == "appointments" ? "fr-FR" : "en-US",
            ])
        let location = try #require(created.headers[.location])
        return String(location.dropLast("/hours?setup=1".count))
    }

    @Test(arguments: ["restaurant", "appointments", "tee_times"])
    func eachKindIsSetUpStepByStepAndTheChecklistShowsWhatIsLeft(kind: String) async throws {
        try await TestApp.run { api, services in
            var owner = Browser(client: api.client)
            try await owner.signUpAndLogIn(name: "Noor", email: "noor@example.com", password: "a kitchen of my own")
            let base = try await Self.business(&owner, kind: kind)
            let token = try #require(try await owner.get(base + "/hours?setup=1").csrf)
            let hours = try await owner.post(
                base + "/hours", ["csrf": token, "setup": "1", "monday_1_opens": "09:00", "monday_1_closes": "17:00"])
            #expect(hours.headers[.location] == base + "/closures?setup=1")

            // Holidays: a past date and a date listed twice are refused beside the date; one is added, one removed.
            let past = try await owner.post(base + "/closures", ["csrf": token, "setup": "1", "date": "2020-01-01"])
            #expect(past.status == .unprocessableContent && past.html.contains("That date has passed"))
            let christmas = ["csrf": token, "setup": "1", "date": "2099-12-25", "reason": "Christmas <Day>"]
            #expect(try await owner.post(base + "/closures", christmas).headers[.location] == base + "/closures?setup=1")
            let twice = try await owner.post(base + "/closures", christmas)
            #expect(twice.status == .unprocessableContent && twice.html.contains("already on the list"))
            _ = try await owner.post(base + "/closures", ["csrf": token, "date": "2099-12-31", "opens": "10:00", "closes": "14:00"])
            let listed = try await owner.get(base + "/closures?setup=1")
            #expect(
                listed.html.contains("25 December 2099") && listed.html.contains("Christmas &lt;Day&gt;") && listed.html.contains("Open 10:00–14:00"))
            _ = try await owner.post(base + "/closures/delete", ["csrf": token, "date": "2099-12-31"])
            #expect(try await services.database.count("SELECT count(*)::int FROM business_date_overrides") == 1)

            // The rules of the kind: a wrong value refused beside its field, in an owner's words; then saved.
            let rulesPage = try await owner.get(base + "/rules?setup=1")
            #expect(rulesPage.status == .ok)
            var rules = ["csrf": token, "setup": "1", "slot_interval_minutes": "15", "min_notice_minutes": "60", "booking_horizon_days": "30"]
            // Questions for every booking, of any kind: a choice needs at least two answers.
            #expect(rulesPage.html.contains(#"name="intake_1.label""#) && rulesPage.html.contains(#"name="intake_1.required""#))
            rules.merge(
                [
                    "intake_1.label": "Which company are you with?", "intake_1.required": "yes", "intake_2.label": "Sales or support?",
                    "intake_2.choices": "Sales, Support",
                ]) { _, new in new }
            let wrong: (field: String, message: String)
            switch kind {
            case "restaurant":
                #expect(rulesPage.html.contains("Guests you can seat at once") && rulesPage.html.contains(#"name="turn_1_size""#))
                rules.merge(
                    [
                        "capacity": "30", "max_party_size": "8", "turn_1_size": "2", "turn_1_minutes": "75", "turn_2_size": "6",
                        "turn_2_minutes": "100",
                        "turn_last_minutes": "150",
                    ]) { _, new in new }
                wrong = ("capacity", "The largest party cannot be more than the guests you can seat at once.")
                var bad = rules
                bad["capacity"] = "4"
                let refused = try await owner.post(base + "/rules", bad)
                #expect(refused.status == .unprocessableContent && refused.html.contains(wrong.message))
                #expect(refused.html.contains(#"aria-describedby="max_party_size-error""#))
            case "tee_times":
                #expect(rulesPage.html.contains("Players per tee time"))
                #expect(rulesPage.html.contains(#"name="round_EIGHTEEN.twilight_from""#) && rulesPage.html.contains("18 Holes"))
                rules.merge(
                    [
                        "slot_interval_minutes": "8", "capacity": "4", "max_party_size": "4", "round_EIGHTEEN.minutes": "270",
                        "round_EIGHTEEN.price": "65", "round_EIGHTEEN.twilight_from": "15:00", "round_EIGHTEEN.twilight_price": "$45",
                        "round_NINE.minutes": "135", "round_NINE.price": "35.50",
                    ]) { _, new in new }
                var bad = rules
                bad["capacity"] = "13"
                let refused = try await owner.post(base + "/rules", bad)
                #expect(refused.status == .unprocessableContent && refused.html.contains("Players per tee time: enter a whole number from 1 to 12."))
                var badPrice = rules
                badPrice["round_NINE.price"] = "thirty"
                let refusedPrice = try await owner.post(base + "/rules", badPrice)
                #expect(refusedPrice.status == .unprocessableContent && refusedPrice.html.contains("Enter the price per player, like 45"))
                #expect(refusedPrice.html.contains(#"aria-describedby="round_NINE.price-error""#))
            default:
                #expect(rulesPage.html.contains(#"name="service_1.name""#))
                let none = try await owner.post(base + "/rules", rules)
                #expect(none.status == .unprocessableContent && none.html.contains("Add at least one service callers can book."))
                rules.merge(
                    [
                        "service_1.name": "Cut", "service_1.duration_minutes": "45", "service_1.buffer_after_minutes": "15",
                        "service_2.name": "Colour", "service_2.duration_minutes": "90", "service_2.durations": "60, 120",
                    ]) { _, new in new }
                var badLengths = rules
                badLengths["service_2.durations"] = "60, long"
                let refusedLengths = try await owner.post(base + "/rules", badLengths)
                #expect(refusedLengths.status == .unprocessableContent && refusedLengths.html.contains("Other lengths: up to 6 numbers"))
                var twice = rules
                twice["service_2.name"] = "cut"
                let refused = try await owner.post(base + "/rules", twice)
                #expect(refused.status == .unprocessableContent && refused.html.contains("This service is already listed above."))
            }
            var oneChoice = rules
            oneChoice["intake_2.choices"] = "Sales"
            let refusedChoice = try await owner.post(base + "/rules", oneChoice)
            #expect(refusedChoice.status == .unprocessableContent && refusedChoice.html.contains(#"id="intake_2.choices-error""#))
            #expect(refusedChoice.html.contains("Give 2 to 10 answers"))
            let savedRules = try await owner.post(base + "/rules", rules)
            #expect(savedRules.headers[.location] == base + (kind == "appointments" ? "/staff?setup=1" : "/contact?setup=1"))
            #expect(
                try await services.database.strings(
                    "SELECT (q->>'key') || ' ' || (q->>'kind') || ' ' || (q->>'required') FROM businesses, jsonb_array_elements(intake_questions) q")
                    == ["which_company_are_you_with text true", "sales_or_support choice false"])
            #expect(
                try await services.database.strings("SELECT language FROM businesses") == [kind == "appointments" ? "fr-FR" : "en-US"],
                "the language chosen at the first step")
            if kind == "tee_times" {
                #expect(
                    try await services.database.strings(
                        "SELECT r->>'holes' || ' ' || (r->>'minutes') || ' ' || (r->'rates')::text "
                            + "FROM businesses, jsonb_array_elements(round_types) r"
                    )
                        == [
                            #"EIGHTEEN 270 [{"from": "00:00", "price_cents": 6500}, {"from": "15:00", "price_cents": 4500}]"#,
                            #"NINE 135 [{"from": "00:00", "price_cents": 3550}]"#,
                        ])
                let again = try await owner.get(base + "/rules")
                #expect(again.html.contains(#"value="45.00""#) && again.html.contains(#"value="15:00""#), "the saved prices shown again")
            }
            if kind == "appointments" {
                #expect(
                    try await services.database.strings("SELECT name || ' ' || durations::text FROM services WHERE active ORDER BY name") == [
                        "Colour {60,120}", "Cut {}",
                    ])
            }

            if kind == "appointments" {
                let staffPage = try await owner.get(base + "/staff?setup=1")
                #expect(staffPage.html.contains(#"name="staff_1.service.cut""#) && staffPage.html.contains(#"name="staff_1.day.monday""#))
                let noService = try await owner.post(base + "/staff", ["csrf": token, "setup": "1", "staff_1.name": "Ana"])
                #expect(noService.status == .unprocessableContent && noService.html.contains("Tick at least one service Ana does."))
                let staff = try await owner.post(
                    base + "/staff",
                    [
                        "csrf": token, "setup": "1", "staff_1.name": "Ana", "staff_1.service.cut": "on", "staff_1.service.colour": "on",
                        "staff_1.day.monday": "on", "staff_1.opens": "10:00", "staff_1.closes": "16:00", "staff_2.name": "Ben",
                        "staff_2.service.cut": "on",
                    ])
                #expect(staff.headers[.location] == base + "/contact?setup=1")
                #expect(try await services.database.count("SELECT count(*)::int FROM staff WHERE active") == 2)
                #expect(try await services.database.count("SELECT count(*)::int FROM staff_services") == 3)
                #expect(try await services.database.count("SELECT count(*)::int FROM staff_hours") == 1, "Ben works the opening hours")
                #expect(try await services.database.count("SELECT count(*)::int FROM services WHERE active AND buffer_after_minutes = 15") == 1)
            } else if kind == "restaurant" {
                #expect(
                    try await services.database.count(
                        """
                        SELECT count(*)::int FROM businesses WHERE capacity = 30 AND max_party_size = 8
                          AND turn_times = '[{"max_party_size":2,"minutes":75},{"max_party_size":6,"minutes":100},{"minutes":150}]'::jsonb
                        """) == 1)
            } else {
                #expect(
                    try await services.database.count(
                        "SELECT count(*)::int FROM businesses WHERE slot_interval_minutes = 8 AND default_duration_minutes = 8 AND capacity = 4") == 1
                )
            }

            let badPhone = try await owner.post(base + "/contact", ["csrf": token, "setup": "1", "transfer_phone": "ask for Noor"])
            #expect(badPhone.status == .unprocessableContent && badPhone.html.contains("Enter a phone number with its country code"))
            let done = try await owner.post(
                base + "/contact",
                [
                    "csrf": token, "setup": "1", "transfer_phone": "+1 212 555 0199", "email": "noor@example.com", "phone": "",
                    "language": kind == "tee_times" ? "de-DE" : (kind == "appointments" ? "fr-FR" : "en-US"),
                ])
            #expect(done.headers[.location] == base + "?setup=done")
            #expect(
                try await services.database.strings("SELECT language FROM businesses")
                    == [kind == "tee_times" ? "de-DE" : (kind == "appointments" ? "fr-FR" : "en-US")], "changed on the contact page")

            let page = try await owner.get(base + "?setup=done")
            #expect(page.status == .ok && page.html.contains("Your business is set up"))
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM businesses WHERE address = '12 Main Street, Springfield' AND transfer_phone = '+12125550199'") == 1,
                "the address from the first step, kept when the transfers step saved the details")
            #expect(page.html.components(separatedBy: #"<li class="done">"#).count - 1 == 3, "hours, rules and transfers are done")
            #expect(page.html.contains(#"<a href="\#(base)/phone-agent">Phone agent</a> <span class="state">to do</span>"#))
            #expect(try await owner.get("/console").html.contains("3 of 6 set-up steps done"))

            let actions = try await services.database.strings(
                """
                SELECT e.action FROM audit_events e JOIN accounts a ON a.id::text = e.actor_id
                WHERE a.email = 'noor@example.com' AND e.actor_type = 'account' AND e.business_id IS NOT NULL ORDER BY e.id
                """)
            var expected = ["business.created", "hours.replaced", "closure.added", "closure.added", "closure.removed", "rules.saved"]
            if kind == "appointments" { expected.append("staff.saved") }
            expected.append("details.updated")
            #expect(actions == expected, "every change audited, and nothing refused left a trace")
        }
    }

    /// A team: an owner invites by email (the link made when the email is sent), the invitee joins as staff, and every
    /// business page answers 404 to staff, to another account, and the log-in page to nobody signed in; a platform
    /// admin sees them all; the last owner stays.
    @Test func invitationsRolesAndEveryBusinessPageChecked() async throws {
        try await TestApp.run { api, services in
            var owner = Browser(client: api.client)
            try await owner.signUpAndLogIn(name: "Olu", email: "olu@example.com", password: "owner of the salon")
            let base = try await Self.business(&owner, kind: "appointments", name: "Salon Olu")
            let token = try #require(try await owner.get(base + "/team").csrf)
            let badEmail = try await owner.post(base + "/team/invite", ["csrf": token, "email": "sam at example", "role": "staff"])
            #expect(badEmail.status == .unprocessableContent && badEmail.html.contains(#"aria-describedby="email-error""#))
            let sent = try await owner.post(base + "/team/invite", ["csrf": token, "email": "Sam@Example.com", "role": "staff"])
            #expect(sent.headers[.location]?.hasPrefix(base + "/team?sent=") == true)
            #expect(try await owner.get(base + "/team").html.contains("sam@example.com — Staff"))

            let path = try await SMTPTestServer.with { smtp -> String in
                let pool = try TestPools.product(services.database, environment: smtp.environment)
                let done = try await TestPools.run([pool]) {
                    try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'team_invite' AND state = 'succeeded'") == 1
                }
                #expect(done, "\(smtp.process.output)")
                return try Self.link(in: try #require(smtp.received.first { $0.contains("X-Envelope-To: sam@example.com") }), "/console/invite")
            }
            #expect(try await services.database.count("SELECT count(*)::int FROM jobs WHERE payload::text LIKE '%token%'") == 0)

            var sam = Browser(client: api.client)
            #expect(try await sam.get(path).html.contains("Log in, or create an account with sam@example.com"))
            try await sam.signUpAndLogIn(name: "Sam", email: "sam@example.com", password: "the day sheet please")
            let invitation = try await sam.get(path)
            #expect(invitation.html.contains("Join Salon Olu"))
            let joined = try await sam.post("/console/invite", ["csrf": try #require(invitation.csrf), "token": Self.token(path)])
            #expect(joined.headers[.location] == "/console?joined=1")
            #expect(try await sam.get("/console").html.contains("Salon Olu"))
            #expect(try await sam.get(path).html.contains("This invitation no longer works"), "once only")

            var stranger = Browser(client: api.client)
            try await stranger.signUpAndLogIn(name: "Eve", email: "eve@example.com", password: "not in this team")
            var admin = Browser(client: api.client)
            try await admin.signUpAndLogIn(name: "Ada", email: "ada@example.com", password: "runs the platform")
            // What `receptionist admins grant ada@example.com` does.
            #expect(try await AccountStore(database: services.database).setPlatformAdmin(email: "ada@example.com", true))
            #expect(try await !AccountStore(database: services.database).setPlatformAdmin(email: "nobody@example.com", true))
            var nobody = Browser(client: api.client)
            let samToken = try #require(try await sam.get("/console").csrf)
            let eveToken = try #require(try await stranger.get("/console").csrf)
            for (method, page, _) in ConsoleController.businessRoutes {
                let url = page.isEmpty ? base : base + "/" + page.replacingOccurrences(of: ":phone", with: "%2B12125550111")
                if method == .get {
                    #expect(try await sam.get(url).status == .notFound, "staff: GET \(url)")
                    #expect(try await stranger.get(url).status == .notFound, "another account: GET \(url)")
                    #expect(try await nobody.get(url).headers[.location] == "/console/login", "signed out: GET \(url)")
                    #expect(try await owner.get(url).status == .ok, "owner: GET \(url)")
                    #expect(try await admin.get(url).status == .ok, "platform admin: GET \(url)")
                } else {
                    #expect(try await sam.post(url, ["csrf": samToken, "date": "2099-01-01"]).status == .notFound, "staff: POST \(url)")
                    #expect(try await stranger.post(url, ["csrf": eveToken]).status == .notFound, "another account: POST \(url)")
                    #expect(try await owner.post(url, ["csrf": "forged"]).status == .forbidden, "a forged form: POST \(url)")
                }
            }
            #expect(try await admin.get("/console/admin").html.contains("Salon Olu"))
            #expect(try await stranger.get("/console/admin").status == .notFound)

            // The last owner cannot leave; once Sam is an owner, Olu can step down to staff.
            let olu = try await services.database.strings("SELECT id::text FROM accounts WHERE email = 'olu@example.com'")[0]
            let samID = try await services.database.strings("SELECT id::text FROM accounts WHERE email = 'sam@example.com'")[0]
            let lastOwner = try await owner.post(base + "/team/member", ["csrf": token, "account_id": olu, "role": "staff"])
            #expect(lastOwner.status == .conflict && lastOwner.html.contains("at least one owner"))
            _ = try await owner.post(base + "/team/member", ["csrf": token, "account_id": samID, "role": "owner"])
            #expect(
                try await owner.post(base + "/team/member", ["csrf": token, "account_id": olu, "role": "staff"]).headers[.location] == "/console")
            #expect(try await owner.get(base).status == .notFound, "Olu is staff now")
            #expect(try await sam.get(base + "/team").status == .ok, "and Sam the owner")
            #expect(
                try await services.database.strings("SELECT action FROM audit_events WHERE action LIKE 'team.%' ORDER BY id")
                    == ["team.invited", "team.joined", "team.role_changed", "team.role_changed"])
        }
    }

    /// Google Calendar from the console: to Google's consent page and back to the business page with the connection
    /// shown (account and calendar), then disconnected with a click.
    @Test func googleCalendarConnectsAndDisconnectsFromTheBusinessPage() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                var owner = Browser(client: api.client)
                try await owner.signUpAndLogIn(name: "Gil", email: "gil@example.com", password: "greens and fairways")
                let base = try await Self.business(&owner, kind: "tee_times", name: "Gil's Links")
                let page = try await owner.get(base)
                #expect(page.html.contains("Connect Google Calendar"))
                let start = try await owner.post(base + "/google/connect", ["csrf": try #require(page.csrf)])
                let consent = try #require(start.headers[.location])
                let q = GoogleCalendarTests.query(consent)
                #expect(q["client_id"] == FakeGoogle.clientID && q["state"] != nil)
                let back = try await owner.get(
                    "/v1/oauth/google/callback?code=\(google.approve(challenge: q["code_challenge"] ?? ""))&state=\(q["state"] ?? "")")
                #expect(back.status == .seeOther && back.headers[.location] == base + "?google=connected")
                let connected = try await owner.get(base + "?google=connected")
                #expect(connected.html.contains("Google Calendar is connected") && connected.html.contains("Connected to the main calendar of"))
                #expect(connected.html.contains(#"<li class="done">"#) && !connected.html.contains("Connect Google Calendar"))
                let off = try await owner.post(base + "/google/disconnect", ["csrf": try #require(connected.csrf)])
                #expect(off.headers[.location] == base + "?saved=google")
                #expect(try await owner.get(base).html.contains("Connect Google Calendar"))
                #expect(try await services.database.count("SELECT count(*)::int FROM calendar_connections WHERE refresh_token_sealed IS NULL") == 1)
                #expect(try await services.database.count("SELECT count(*)::int FROM audit_events WHERE action = 'google.disconnected'") == 1)

                // Consent refused: back to the console, which says so; nothing stored from the URL but the verdict.
                let again = try await owner.post(base + "/google/connect", ["csrf": try #require(connected.csrf)])
                let state = GoogleCalendarTests.query(try #require(again.headers[.location]))["state"] ?? ""
                let denied = try await owner.get("/v1/oauth/google/callback?error=access_denied&state=\(state)")
                #expect(denied.headers[.location] == base + "?google=not_connected")
                #expect(try await owner.get(base + "?google=not_connected").html.contains("Google Calendar was not connected"))
            }
        }
    }

    /// The console link in an email (its path and query), decoded from the message's transfer encoding.
    static func link(in mail: String, _ prefix: String) throws -> String {
        let body = try #require(mail.components(separatedBy: "\r\n\r\n").last)
        let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(body.utf8), as: UTF8.self)
        let line = try #require(text.components(separatedBy: .newlines).first { $0.contains(prefix + "?token=") })
        return try #require(line.range(of: prefix).map { String(line[$0.lowerBound...]) }).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func token(_ path: String) -> String { String(path.split(separator: "=", maxSplits: 1).last ?? "") }
}
