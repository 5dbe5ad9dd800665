import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The console in a real browser: Debian's headless Chromium driven by Selenium (`Tests/fixtures/console_browser.py`)
/// against the real application on a live port, its workers sending mail to the SMTP test server. It signs up,
/// confirms the address from the email, logs in, sets up a restaurant, a salon and a golf course, sees their
/// checklists, invites a team member and logs out; then spends a day at a restaurant's host stand (a phone booking
/// made through the Retell functions on Today, a walk-in seated, a no-show, a booking moved to a free time the engine
/// offered, one cancelled and restored, a message handled, a customer erased). Every page is checked with axe-core
/// (no serious or critical violation) and photographed into `.local/console-screenshots/` for review.
@Suite struct ConsoleBrowserTests {
    @Test func anOwnerSetsUpThreeBusinessesAndSpendsADayAtTheHostStand() async throws {
        try await SMTPTestServer.with { smtp in
            let db = try await TestDatabase.shared.create()
            defer { Task { await TestDatabase.shared.drop(db.name) } }
            var environment = smtp.environment
            environment["WORKERS"] = "on"
            let (app, services) = try buildApplication(try TestApp.config(databaseURL: db.url, extra: environment), logger: TestApp.logger)
            let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? "/usr/bin/python3"
            let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/fixtures/console_browser.py").path
            let shots = TestEnvironment.repositoryRoot.appendingPathComponent(".local/console-screenshots").path
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let host = try await Self.hostStand(API(client: client), services: services)
                let (status, output) = try await ChildProcess.run(
                    python, [script, "http://127.0.0.1:\(port)", shots, smtp.maildir.path, host.email, host.password, host.fullTime],
                    timeout: .seconds(400))
                #expect(status == 0, "\(output)")
                let report = output.split(separator: "\n").last.map(String.init) ?? ""
                let json = try #require(try? JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any], "\(output)")
                let pages = (json["pages"] as? [[String: Any]]) ?? []
                #expect(pages.count >= 35, "the walk reached every page: \(pages.map { $0["name"] ?? "" })")
                #expect((json["failures"] as? [String])?.isEmpty == true, "\(json["failures"] ?? [])")
                let noShows = try await services.database.count("SELECT count(*)::int FROM bookings WHERE status = 'NO_SHOW'")
                let walkIns = try await services.database.count("SELECT count(*)::int FROM bookings WHERE source = 'walk_in'")
                #expect(noShows == 1 && walkIns == 1, "the browser's clicks reached the database")
                #expect(
                    try await services.database.strings(
                        "SELECT round_types::text FROM businesses WHERE kind = 'tee_times' AND jsonb_array_length(round_types) = 2"
                    )
                    .count == 1, "the rounds typed in the browser were saved")
                #expect(
                    try await services.database.strings("SELECT intake_questions->0->>'key' FROM businesses WHERE kind = 'appointments'")
                        == ["is_this_your_first_visit"])
            }
        }
    }

    /// A restaurant open all day in a zone where it is midday, with the day's bookings made by the phone agent (one
    /// already begun, one filling a slot), an urgent message, and its owner's log-in for the host-stand part.
    static func hostStand(_ api: API, services: AppServices) async throws -> (email: String, password: String, fullTime: String) {
        let (id, zone) = try await ConsoleDailyTests.allDayRestaurant(api, slug: "host-stand-bistro", name: "Host Stand Bistro")
        let clock = ZonedClock(TimeZone(identifier: zone)!)
        let now = clock.local(Date())
        // Strictly after now: a start in the current minute has already begun.
        let next = (now.minutes / 15 + 1) * 15
        func book(_ name: String, _ minutes: Int, _ party: Int) async throws -> String {
            let answer = try await api.retell(id).call(
                "create_booking", ["date": now.date.description, "time": LocalTime(minutes: minutes).description, "party_size": party, "name": name])
            return try #require(answer.body["booking"]["confirmation_code"].string, "\(answer.text)")
        }
        let grace = try await book("Grace Hopper", next + 240, 2)
        let larry = try await book("Late Larry", next + 60, 2)
        _ = try await book("Ada Lovelace", next + 120, 2)
        _ = try await book("Full House", next + 360, 4)
        // Larry's table time has come (time moves on for him alone).
        try await services.database.run(
            """
            UPDATE bookings SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '80 minutes'
            WHERE confirmation_code = '\(larry)'
            """)
        // Grace's event was dragged an hour later in the owner's Google Calendar (as a pull would flag it).
        try await services.database.run(
            """
            UPDATE bookings SET calendar_flag = 'moved', calendar_flag_start = starts_at + interval '1 hour',
                calendar_flag_end = ends_at + interval '1 hour', calendar_flagged_at = now()
            WHERE confirmation_code = '\(grace)'
            """)
        _ = try await api.retell(id).call("take_message", ["name": "Lin", "message": "Nut allergy for tonight's table", "urgent": true])
        let password = "a busy saturday night"
        guard case .created(let account) = try await services.accounts.signUp(name: "Hana Host", email: "hana@browser.example", password: password)
        else { throw TestFailure("host account not created") }
        let store = AccountStore(database: services.database)
        try await store.verify(account.id, email: account.email)
        try await store.addMember(account.id, businessID: try #require(UUID(uuidString: id)), role: .owner)
        return (account.email, password, LocalTime(minutes: next + 360).description)
    }
}
