import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@testable import OwnerConsole

/// A day at the host stand through the console's daily pages: a phone booking made through the Retell functions
/// appears on Today, walk-ins are seated (a full slot only with the recorded override), a no-show is marked, a
/// booking moved (and refused with the free times nearby), cancelled and restored, an urgent message handled; staff
/// reach every daily page and another account none.
@Suite struct ConsoleDailyTests {
    typealias Browser = ConsoleAuthTests.Browser

    /// A zone where it is around midday now, so "today" has open hours left whatever time the suite runs.
    static func middayZone() -> String {
        func distance(_ id: String) -> Int {
            guard let zone = TimeZone(identifier: id) else { return 99 }
            let minutes = ZonedClock(zone).local(Date()).minutes
            return abs(minutes - 12 * 60)
        }
        return TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.min { distance($0) < distance($1) }
            ?? "America/New_York"
    }

    /// A restaurant open all day (capacity 4, a start every 15 minutes, no notice) in a zone where it is midday now.
    static func allDayRestaurant(_ api: API, slug: String, name: String? = nil) async throws -> (id: String, zone: String) {
        let zone = middayZone()
        let every = Dictionary(
            uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map {
                ($0, [["opens": "00:00", "closes": "24:00"]])
            })
        var extra: [String: Any] = [
            "timezone": zone, "hours": ["weekly": every],
            "policy": ["capacity": 4, "max_party_size": 4, "min_notice_minutes": 0, "slot_interval_minutes": 15, "booking_horizon_days": 30],
        ]
        if let name { extra["name"] = name }
        let (id, _) = try await api.createBusiness(slug: slug, extra: extra)
        return (id, zone)
    }

    /// An owner and a host signed in, each a member of the business with that role.
    /// `origin`: the forms' origin when the server is live on its own port.
    static func team(
        _ api: API, _ services: AppServices, business id: String, owner: String, host: String, origin: String? = nil
    ) async throws -> (Browser, Browser) {
        var browsers: [Browser] = []
        let store = AccountStore(database: services.database)
        for (name, role) in [(owner, AccountRole.owner), (host, .staff)] {
            var browser = Browser(client: api.client)
            if let origin { browser.origin = origin }
            let email = "\(name.lowercased())@example.com"
            try await browser.signUpAndLogIn(name: name, email: email, password: "the \(role.rawValue) of \(name)")
            let account = try #require(try await store.byEmail(email)).account
            try await store.addMember(account.id, businessID: try #require(UUID(uuidString: id)), role: role)
            browsers.append(browser)
        }
        return (browsers[0], browsers[1])
    }

    @Test func aDayAtTheHostStand() async throws {
        try await TestApp.run { api, services in
            let (id, zone) = try await Self.allDayRestaurant(api, slug: "host-stand")
            let base = "/console/businesses/\(id)"
            var (owner, host) = try await Self.team(api, services, business: id, owner: "Rosa", host: "Hana")
            let hana = try #require(try await AccountStore(database: services.database).byEmail("hana@example.com"))

            let clock = ZonedClock(TimeZone(identifier: zone)!)
            let now = clock.local(Date())
            let today = now.date
            // Strictly after now: a start in the current minute has already begun.
            let next = (now.minutes / 15 + 1) * 15
            func at(_ minutes: Int) -> String { LocalTime(minutes: minutes).description }

            // A phone booking through the agent's function appears on the host's Today.
            let phoned = try await api.retell(id).call(
                "create_booking", ["date": today.description, "time": at(next + 240), "party_size": 2, "name": "Grace <Hopper>"])
            let code = try #require(phoned.body["booking"]["confirmation_code"].string, "\(phoned.text)")
            var sheet = try await host.get(base + "/today")
            #expect(sheet.status == .ok && sheet.html.contains("Grace &lt;Hopper&gt;") && sheet.html.contains("2 covers"))
            #expect(sheet.html.contains(#"data-refresh="60""#), "the day sheet refreshes itself")
            #expect(!sheet.html.contains(">Settings<"), "staff see no settings")
            let token = try #require(sheet.csrf)

            // Walk-ins: seated; a full slot refused in words, then seated with the recorded override.
            let first = try await host.post(base + "/walk-in", ["csrf": token, "party_size": "4", "name": "Walk-in", "time": at(next)])
            #expect(first.headers[.location] == base + "/today?done=walk-in", "\(first.status) \(first.html.prefix(600))")
            let full = try await host.post(base + "/walk-in", ["csrf": token, "party_size": "2", "name": "Late pair", "time": at(next)])
            #expect(full.status == .unprocessableContent && full.html.contains("that time is fully booked") && full.html.contains("Seat anyway"))
            #expect(full.html.contains(#"value="Late pair""#), "what was typed is kept")
            let forced = try await host.post(
                base + "/walk-in", ["csrf": token, "party_size": "2", "name": "Late pair", "time": at(next), "override_capacity": "on"])
            #expect(forced.headers[.location] == base + "/today?done=walk-in-override")
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM bookings WHERE source = 'walk_in' AND options->>'override' = 'capacity'") == 1)
            sheet = try await host.get(base + "/today?done=walk-in-override")
            #expect(sheet.html.contains("over capacity; the override is recorded") && sheet.html.contains("6 covers"))

            // A no-show once the booking has begun (time moved on for it), by the host, on its history.
            let graceID = try #require(
                try await services.database.strings("SELECT id::text FROM bookings WHERE confirmation_code = '\(code)'").first)
            try await services.database.run(
                "UPDATE bookings SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '80 minutes' WHERE id = '\(graceID)'")
            #expect(try await host.get(base + "/today").html.contains("No-show"), "the button appears once it has begun")
            let noShow = try await host.post(base + "/bookings/\(graceID)/status", ["csrf": token, "status": "NO_SHOW", "back": "today"])
            #expect(noShow.headers[.location] == base + "/today?done=status")
            let history = try await host.get(base + "/bookings/\(graceID)")
            #expect(history.html.contains("No-show") && history.html.contains("by the phone agent") && history.html.contains("by the team"))
            #expect(
                try await services.database.count(
                    """
                    SELECT count(*)::int FROM booking_changes
                    WHERE booking_id = '\(graceID)' AND actor_id = '\(hana.account.id.uuidString.lowercased())'
                    """
                )
                    == 1, "the change names the host")

            // A booking made by the owner, moved into a full slot (refused, the free times offered as buttons), moved
            // to one of them, cancelled and restored.
            let ownerToken = try #require(try await owner.get(base + "/bookings").csrf)
            let made = try await owner.post(
                base + "/bookings",
                ["csrf": ownerToken, "date": today.description, "time": at(next + 120), "party_size": "3", "name": "Ada", "phone": "+1 212 555 0142"])
            let bookingPath = try #require(made.headers[.location]?.split(separator: "?").first.map(String.init))
            #expect(bookingPath.hasPrefix(base + "/bookings/"))
            let refused = try await owner.post(
                bookingPath + "/move", ["csrf": ownerToken, "date": today.description, "time": at(next), "party_size": "3"])
            #expect(refused.status == .unprocessableContent && refused.html.contains("Not possible: that time is fully booked."))
            #expect(refused.html.contains("Free nearby") && refused.html.contains(#"<input type="hidden" name="time""#))
            let moved = try await owner.post(bookingPath + "/move", ["csrf": ownerToken, "date": today.description, "time": at(next + 180)])
            #expect(moved.headers[.location] == bookingPath + "?done=moved")
            #expect(
                try await owner.post(bookingPath + "/status", ["csrf": ownerToken, "status": "CANCELLED"]).headers[.location] == bookingPath
                    + "?done=status")
            let cancelled = try await owner.get(bookingPath)
            #expect(cancelled.html.contains("Restore") && !cancelled.html.contains("Move or change"))
            _ = try await owner.post(bookingPath + "/status", ["csrf": ownerToken, "status": "CONFIRMED"])
            let restored = try await owner.get(bookingPath)
            #expect(restored.html.contains("<span class=\"status\">Confirmed</span>"))
            #expect(restored.html.contains("Created by the team") && restored.html.contains("Modified by the team"))

            // The list finds by name and by status.
            #expect(try await owner.get(base + "/bookings?name=ada").html.contains("<strong>Ada</strong>"))
            #expect(!(try await owner.get(base + "/bookings?status=NO_SHOW")).html.contains("<strong>Ada</strong>"))
            #expect(try await owner.get(base + "/bookings?phone=call+me").html.contains("include the country code"))

            // An urgent message: counted on every daily page until handled.
            _ = try await api.retell(id).call("take_message", ["name": "Lin", "message": "Allergy: <b>nuts</b>", "urgent": true])
            let inbox = try await host.get(base + "/messages")
            #expect(inbox.html.contains(#"<span class="badge">1"#) && inbox.html.contains("Allergy: &lt;b&gt;nuts&lt;/b&gt;"))
            let messageID = try #require(try await services.database.strings("SELECT id::text FROM messages").first)
            let handled = try await host.post(base + "/messages/handled", ["csrf": token, "message_id": messageID])
            #expect(handled.headers[.location] == base + "/messages?done=handled")
            let after = try await host.get(base + "/today")
            #expect(!after.html.contains(#"class="badge""#), "\(after.html.components(separatedBy: "badge").dropFirst().first?.prefix(200) ?? "")")
            #expect(try await services.database.count("SELECT count(*)::int FROM audit_events WHERE action = 'message.handled'") == 1)

            // Every daily page: staff yes, another account and a signed-out browser no; a forged form refused.
            var stranger = Browser(client: api.client)
            try await stranger.signUpAndLogIn(name: "Eve", email: "eve@example.com", password: "not on this team")
            let eveToken = try #require(try await stranger.get("/console").csrf)
            var nobody = Browser(client: api.client)
            for (method, page, _) in ConsoleController.dailyRoutes {
                let url = base + "/" + page.replacingOccurrences(of: ":bookingID", with: graceID).replacingOccurrences(of: ":callID", with: "none")
                if method == .get {
                    if !page.contains(":callID") { #expect(try await host.get(url).status == .ok, "staff: GET \(url)") }
                    #expect(try await stranger.get(url).status == .notFound, "another account: GET \(url)")
                    #expect(try await nobody.get(url).headers[.location] == "/console/login", "signed out: GET \(url)")
                } else {
                    #expect(try await stranger.post(url, ["csrf": eveToken]).status == .notFound, "another account: POST \(url)")
                    #expect(try await host.post(url, ["csrf": "forged"]).status == .forbidden, "a forged form: POST \(url)")
                }
            }
        }
    }
}

/// The owner's other settings: API keys (the secret shown once, working, then revoked), the customer messages'
/// wording with its preview and the reminder's lead time, what was sent, customers found and erased after a
/// confirmation, and the charts; the host reaches none of them.
@Suite struct ConsoleSettingsTests {
    typealias Browser = ConsoleAuthTests.Browser

    /// What the phone agent collected shows on the owner's booking page: a consultation's answers (escaped) and chosen
    /// length, a golf booking's round and quoted price.
    @Test func aBookingPageShowsTheAnswersTheLengthTheRoundAndThePrice() async throws {
        try await TestApp.run { api, services in
            let weekly = Dictionary(
                uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map {
                    ($0, [["opens": "07:00", "closes": "19:00"]])
                })
            let questions: [[String: Any]] = [["key": "company", "label": "Which company <exactly>?", "kind": "text", "required": true]]
            let (consultID, consultKey) = try await api.createBusiness(
                slug: "page-consult",
                extra: [
                    "kind": "appointments", "hours": ["weekly": weekly],
                    "policy": ["min_notice_minutes": 0, "booking_horizon_days": 30, "intake_questions": questions],
                ])
            _ = try await api.call(
                .put, "/v1/businesses/\(consultID)/services", key: consultKey,
                json: ["services": [["name": "Consultation", "duration_minutes": 30, "durations": [45]]]])
            _ = try await api.call(
                .put, "/v1/businesses/\(consultID)/staff", key: consultKey, json: ["staff": [["name": "Kim", "services": ["Consultation"]]]])
            let consult = try await api.retell(consultID).call(
                "create_booking",
                [
                    "date": futureDate(days: 2), "time": "10:00", "name": "Ada", "party_size": 1, "duration_minutes": 45,
                    "intake": ["company": "Acme & <Sons>"],
                ])
            #expect(consult.body["ok"].bool == true, "\(consult.text)")
            let rounds: [[String: Any]] = [
                ["holes": "NINE", "minutes": 135, "rates": [["from": "00:00", "price_cents": 3550]]],
                ["holes": "EIGHTEEN", "minutes": 270, "rates": [["from": "00:00", "price_cents": 6000]]],
            ]
            let (golfID, _) = try await api.createBusiness(
                slug: "page-links",
                extra: [
                    "kind": "tee_times", "hours": ["weekly": weekly],
                    "policy": ["capacity": 4, "max_party_size": 4, "min_notice_minutes": 0, "slot_interval_minutes": 10, "round_types": rounds],
                ])
            let golf = try await api.retell(golfID).call(
                "create_booking", ["date": futureDate(days: 2), "time": "08:00", "name": "Tom", "party_size": 2, "holes": "NINE"])
            #expect(golf.body["ok"].bool == true, "\(golf.text)")

            var (owner, _) = try await ConsoleDailyTests.team(api, services, business: consultID, owner: "Olga", host: "Hugo")
            let store = AccountStore(database: services.database)
            let olga = try #require(try await store.byEmail("olga@example.com")).account
            try await store.addMember(olga.id, businessID: try #require(UUID(uuidString: golfID)), role: .owner)
            let consultBooking = try #require(
                try await services.database.strings("SELECT id::text FROM bookings WHERE business_id = '\(consultID)'").first)
            let page = try await owner.get("/console/businesses/\(consultID)/bookings/\(consultBooking)")
            #expect(page.status == .ok)
            #expect(page.html.contains("<dt>Which company &lt;exactly&gt;?</dt><dd>Acme &amp; &lt;Sons&gt;</dd>"), "\(page.html)")
            #expect(page.html.contains("45 minutes"))
            let golfBooking = try #require(try await services.database.strings("SELECT id::text FROM bookings WHERE business_id = '\(golfID)'").first)
            let golfPage = try await owner.get("/console/businesses/\(golfID)/bookings/\(golfBooking)")
            #expect(golfPage.html.contains("9 holes") && golfPage.html.contains("Quoted $35.50 per player"), "\(golfPage.html)")

            // The team books a round too: the form offers the rounds sold (eighteen first, the default), and nine holes chosen
            // fit at 16:40 where the default eighteen would not.
            let golfBase = "/console/businesses/\(golfID)"
            let form = try await owner.get(golfBase + "/bookings")
            #expect(form.html.contains(#"<option value="NINE""#) && form.html.contains(#"<option value="EIGHTEEN" selected"#))
            let token = try #require(form.csrf)
            var typed = ["csrf": token, "date": futureDate(days: 2), "time": "16:40", "party_size": "2", "name": "Late Nine", "holes": "NINE"]
            let booked = try await owner.post(golfBase + "/bookings", typed)
            #expect(booked.headers[.location]?.contains("done=created") == true, "\(booked.html)")
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings WHERE options->>'holes' = 'NINE'") == 2)
            typed["time"] = "16:50"
            let late = try await owner.post(golfBase + "/bookings", typed)
            #expect(late.status == .unprocessableContent && late.html.contains("outside our opening hours"), "\(late.html)")
        }
    }

    @Test func keysMessagesCustomersAndCharts() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "settings-bistro", capacity: 20, maxParty: 8)
            let base = "/console/businesses/\(id)"
            var (owner, host) = try await ConsoleDailyTests.team(api, services, business: id, owner: "Omar", host: "Hugo")
            let token = try #require(try await owner.get(base + "/keys").csrf)

            // A key: its secret on the answer that made it only; it opens the API until revoked.
            let made = try await owner.post(base + "/keys", ["csrf": token, "name": "Website <widget>"])
            #expect(made.status == .created && made.html.contains("Website &lt;widget&gt;"))
            let secret = try #require(made.html.range(of: #"rk_[a-z0-9]+_[a-z0-9]+"#, options: .regularExpression).map { String(made.html[$0]) })
            #expect(!(try await owner.get(base + "/keys")).html.contains(secret), "never shown again")
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: secret).status == .ok)
            let keyID = try #require(try await services.database.strings("SELECT id::text FROM api_keys WHERE name = 'Website <widget>'").first)
            _ = try await owner.post(base + "/keys/revoke", ["csrf": token, "key_id": keyID])
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: secret).status == .unauthorized)

            // Customer messages: previewed as a customer reads them; a typo in a placeholder refused beside its message.
            let wording = try await owner.get(base + "/message-settings")
            #expect(wording.html.contains("Test settings-bistro: you&#39;re booked, a table for 4") || wording.html.contains("a table for 4"))
            #expect(wording.html.contains(#"name="alert_email""#) && !wording.html.contains(#"name="alert_sms" checked"#))
            var form = ["csrf": token, "reminder_hours": "3", "alerts_shown": "1", "alert_sms": "on"]
            form["booking_confirmed.body"] = "Hi {name}, see you {whenn} at {business}."
            let typo = try await owner.post(base + "/message-settings", form)
            #expect(typo.status == .unprocessableContent && typo.html.contains(#"id="booking_confirmed-error""#) && typo.html.contains("whenn"))
            form["booking_confirmed.body"] = "Hi {name}, see you {when} at {business}."
            #expect(try await owner.post(base + "/message-settings", form).headers[.location] == base + "/message-settings?saved=1")
            let saved = try await owner.get(base + "/message-settings?saved=1")
            #expect(saved.html.contains("Hi Alex, see you") && saved.html.contains("(your wording)"))
            #expect(saved.html.contains(#"name="alert_sms" checked"#) && !saved.html.contains(#"name="alert_email" checked"#))
            #expect(try await services.database.strings("SELECT booking_alerts::text FROM businesses WHERE id = '\(id)'") == ["{sms}"])
            #expect(try await services.database.count("SELECT count(*)::int FROM message_templates") == 1, "only the changed kind is stored")
            #expect(try await services.database.count("SELECT reminder_lead_minutes FROM businesses WHERE id = '\(id)'") == 180)

            // Customers: a caller found by name, erased only after the confirmation step.
            _ = try await api.retell(id).call(
                "create_booking", ["date": futureDate(days: 2), "time": "19:00", "party_size": 2, "name": "Grace Hopper"])
            let found = try await owner.get(base + "/customers?q=grace")
            #expect(found.html.contains("Grace Hopper") && found.html.contains("+12125550111"))
            let customer = base + "/customers/%2B12125550111"
            #expect(try await owner.get(customer).html.contains("Grace Hopper"))
            let asked = try await owner.post(customer + "/erase", ["csrf": token])
            #expect(asked.status == .ok && asked.html.contains("This cannot be undone"))
            #expect(try await owner.get(base + "/customers?q=grace").html.contains("Grace Hopper"), "nothing erased before the confirmation")
            let erased = try await owner.post(customer + "/erase", ["csrf": token, "confirm": "yes"])
            #expect(erased.headers[.location] == base + "/customers?erased=1")
            #expect(try await owner.get(base + "/customers?q=grace").html.contains("Nobody matches."))

            // What was sent, with the recipient as stored (masked), and the charts.
            try await services.database.run(
                """
                INSERT INTO notifications (business_id, kind, channel, recipient, status, reason)
                VALUES ('\(id)', 'booking_confirmed', 'sms', '+1•••••••0111', 'skipped', 'SMS is not configured')
                """)
            let sent = try await owner.get(base + "/sent")
            #expect(sent.html.contains("+1•••••••0111") && sent.html.contains("Skipped:") && sent.html.contains("SMS is not configured"))
            #expect(sent.html.contains("<td>Text</td>"), "the channel in an owner's words")
            let today = try await owner.get(base + "/today")
            #expect(today.html.contains(#"<svg viewBox="0 0 640 200" role="img""#) && today.html.contains("covers over the next 14 days"))
            #expect(try await owner.get(base + "/calls").html.contains("<title id=\"chart-title\">Calls of the last 30 days"))

            for page in ["keys", "message-settings", "sent", "customers", "customers/%2B12125550111"] {
                #expect(try await host.get(base + "/" + page).status == .notFound, "staff: \(page)")
            }
            #expect(
                try await services.database.strings("SELECT action FROM audit_events WHERE actor_type = 'account' ORDER BY id")
                    == ["api_key.created", "api_key.revoked", "notifications.updated"])
        }
    }
}
