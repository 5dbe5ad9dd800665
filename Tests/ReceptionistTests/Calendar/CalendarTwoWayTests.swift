import App
import CalendarSync
import Domain
import Foundation
import HTTPTypes
import Notifications
import Storage
import Synchronization
import Testing

/// Google Calendar both ways, against the fake Google sending its notifications to our live route: an owner's deletion
/// or move in Google flags the booking (never cancels it) and tells the owner once; the owner's choice goes through
/// the engine; our own writes' echoes change nothing; notifications are authenticated and coalesced; channels renew;
/// a 410 resyncs without duplicates; polling gives the same result; a reconnect is seen by another process at once.
@Suite struct CalendarTwoWayTests {
    typealias Calendar = GoogleCalendarTests
    typealias Browser = ConsoleAuthTests.Browser

    /// The console's public address in the tests that sign in (the live server's own port is not known beforehand).
    static let site = "https://receptionist.test"

    /// The workers' environment: the fake Google, and our live notification route as the push address (or none).
    static func environment(_ google: FakeGoogle, _ api: API, push: Bool = true) throws -> [String: String] {
        var env = google.environment
        let port = try #require(api.client.port)
        env["GOOGLE_PUSH_URL"] = push ? "http://127.0.0.1:\(port)\(GoogleConfiguration.notificationsPath)" : "off"
        return env
    }

    static func drain(_ services: AppServices, _ env: [String: String], until: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        try await TestPools.run([try TestPools.product(services.database, environment: env)], until: until)
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int { try await db.count(sql) }

    /// No pull is due now (the next is the schedule's, minutes away) and none runs: every notification so far is read.
    static func settled(_ db: Database) async throws -> Bool {
        try await db.count(
            """
            SELECT count(*)::int FROM jobs WHERE kind IN ('calendar_pull', 'calendar_sync', 'calendar_watch')
              AND state IN ('available', 'running', 'failed') AND run_at <= now()
            """) == 0
    }

    struct Setup: Sendable {
        var id: String
        var key: String
        var bookingID: UUID
        var code: String
        var eventID: String
        var start: Date
        var end: Date
    }

    /// A connected restaurant with one booking, its event written, the calendar's channel open (or polling) and the first
    /// full sync done.
    static func setUp(_ api: API, _ services: AppServices, _ google: FakeGoogle, env: [String: String], slug: String) async throws -> Setup {
        let (id, key) = try await Calendar.connected(api, google, slug: slug)
        let created = try await api.retell(id).call(
            "create_booking", ["date": futureDate(days: 4), "time": "19:30", "party_size": 4, "name": "Ada Lovelace"])
        let code = try #require(created.body["booking"]["confirmation_code"].string)
        let db = services.database
        let ready = try await drain(services, env) {
            let written = try await count(db, "SELECT count(*)::int FROM jobs WHERE kind = 'calendar_sync' AND state = 'succeeded'") == 1
            let synced = try await count(db, "SELECT count(*)::int FROM calendar_connections WHERE sync_token IS NOT NULL AND sync_mode <> 'none'")
            guard written, synced == 1 else { return false }
            return try await settled(db)
        }
        #expect(ready, "connected, written, watched and synced once")
        let row = try await db.query("SELECT id, starts_at, ends_at FROM bookings WHERE confirmation_code = \(code)").collect().first!
        let (bookingID, start, end) = try row.decode((UUID, Date, Date).self)
        return Setup(
            id: id, key: key, bookingID: bookingID, code: code, eventID: EventBody.eventID(businessID: UUID(uuidString: id)!, bookingID: bookingID),
            start: start, end: end)
    }

    static func channel(_ db: Database) async throws -> String {
        try #require(try await db.strings("SELECT channel_id FROM calendar_connections WHERE channel_id IS NOT NULL").first)
    }

    static func flag(_ db: Database, _ bookingID: UUID) async throws -> String {
        try await db.strings("SELECT coalesce(calendar_flag, 'none') FROM bookings WHERE id = '\(bookingID)'").first ?? "missing"
    }

    /// The booking carries `flag` and every pull, write and watch due has run.
    static func isFlag(_ db: Database, _ bookingID: UUID, _ flag: String) async throws -> Bool {
        let flagged = try await Self.flag(db, bookingID) == flag
        guard flagged else { return false }
        return try await settled(db)
    }

    static func notices(_ db: Database) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'owner_calendar_change'")
    }

    @Test func aDeletedEventFlagsItsBookingTellsTheOwnerOnceAndCanBePutBack() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment.merging(["PUBLIC_BASE_URL": Self.site]) { a, _ in a }, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-delete")
                #expect(try await Self.notices(db) == 0, "our own event's echo changed nothing")
                let channel = try await Self.channel(db)
                #expect(google.channels.map(\.id) == [channel])
                let status = try await api.call(.get, "/v1/businesses/\(s.id)/integrations/google", key: s.key)
                #expect(status.body["changes_from_google"].string == "push" && status.body["last_pull_at"].string != nil, "\(status.text)")
                #expect(!status.text.contains(channel), "the channel's id and secret stay inside")

                google.ownerDelete(id: s.eventID)
                #expect(
                    try await Self.drain(services, env) {
                        let told = try await db.count("SELECT count(*)::int FROM notifications WHERE kind = 'owner_calendar_change'") == 1
                        guard told else { return false }
                        return try await Self.isFlag(db, s.bookingID, "removed")
                    })
                // More notifications and pulls: the flag is set once, the owner told once.
                #expect(await google.notify(channelID: channel, count: 3) == [204, 204, 204])
                #expect(try await Self.drain(services, env) { try await Self.settled(db) })
                #expect(try await Self.notices(db) == 1)
                #expect(try await db.count("SELECT count(*)::int FROM audit_events WHERE action = 'booking.calendar_removed'") == 1)
                #expect(try await db.strings("SELECT status FROM bookings WHERE id = '\(s.bookingID)'") == ["CONFIRMED"], "not cancelled")
                #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_cancelled'") == 0, "the customer is not told")
                // What the owner reads (email or text): what happened, and the link to the booking's page.
                let planner = NotificationPlanner(database: db, canSMS: true, canEmail: true, consoleURL: Self.site)
                let notice = try await planner.plan(
                    kind: "owner_calendar_change", payload: CalendarChangeJob(bookingID: s.bookingID, change: "removed", movedTo: nil).fields,
                    businessID: UUID(uuidString: s.id))
                guard case .send(let outgoing) = notice else { throw TestFailure("no owner notice: \(notice)") }
                #expect(outgoing.body.contains("was deleted in your Google Calendar") && outgoing.body.contains("has not been told"))
                #expect(outgoing.body.contains("\(Self.site)/console/businesses/\(s.id)/bookings/\(s.bookingID.uuidString.lowercased())"))

                // The owner's page says so, with the two choices; "put it back" restores the event through our sync.
                var (browser, _) = try await ConsoleDailyTests.team(api, services, business: s.id, owner: "Olive", host: "Hal", origin: Self.site)
                let path = "/console/businesses/\(s.id)/bookings/\(s.bookingID.uuidString.lowercased())"
                let page = try await browser.get(path)
                #expect(page.html.contains("deleted from your Google Calendar") && page.html.contains("Keep the booking and put its event back"))
                let today = try await browser.get("/console/businesses/\(s.id)/today")
                #expect(today.html.contains("Changed in Google Calendar") && today.html.contains("its event was deleted"))
                let back = try await browser.post(path + "/calendar", ["csrf": try #require(page.csrf)])
                #expect(back.status == .seeOther)
                #expect(try await Self.flag(db, s.bookingID) == "none")
                #expect(
                    try await Self.drain(services, env) {
                        let back = google.events["primary/\(s.eventID)"]?.status == "confirmed"
                        guard back else { return false }
                        return try await Self.settled(db)
                    },
                    "the event is back")
                #expect(try await Self.flag(db, s.bookingID) == "none", "the restored event's echo changed nothing")
                #expect(try await Self.notices(db) == 1)
                #expect(try await db.count("SELECT count(*)::int FROM audit_events WHERE action = 'booking.calendar_event_restored'") == 1)
                let again = try await browser.post(path + "/calendar", ["csrf": try #require(page.csrf)])
                #expect(again.status == .conflict, "nothing left to settle")
            }
        }
    }

    @Test func aMovedEventIsFlaggedAndAppliedOnlyThroughTheEngine() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment.merging(["PUBLIC_BASE_URL": Self.site]) { a, _ in a }, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-move")
                let retell = api.retell(s.id)
                // 21:00 is full (6 + 4 of 10).
                for (name, party) in [("Full One", 6), ("Full Two", 4)] {
                    let made = try await retell.call(
                        "create_booking", ["date": futureDate(days: 4), "time": "21:00", "party_size": party, "name": name])
                    #expect(made.body["ok"].bool == true)
                }
                #expect(try await Self.drain(services, env) { try await Self.settled(db) })
                let length = s.end.timeIntervalSince(s.start)
                let nine = s.start.addingTimeInterval(90 * 60)
                google.ownerMove(id: s.eventID, start: nine, end: nine.addingTimeInterval(length))
                #expect(try await Self.drain(services, env) { try await Self.isFlag(db, s.bookingID, "moved") })
                #expect(
                    try await db.count(
                        "SELECT count(*)::int FROM bookings WHERE calendar_flag_start = '\(ISO8601DateFormatter().string(from: nine))'") == 1)
                #expect(try await Self.notices(db) == 1)

                var (browser, _) = try await ConsoleDailyTests.team(api, services, business: s.id, owner: "Olive", host: "Hal", origin: Self.site)
                let path = "/console/businesses/\(s.id)/bookings/\(s.bookingID.uuidString.lowercased())"
                let page = try await browser.get(path)
                #expect(page.html.contains("was moved to") && page.html.contains("Move the booking to"))
                let date = futureDate(days: 4)
                let refused = try await browser.post(path + "/move", ["csrf": try #require(page.csrf), "date": date, "time": "21:00"])
                #expect(refused.status == .unprocessableContent && refused.html.contains("Free nearby"), "full: refused with the times nearby")
                #expect(try await Self.flag(db, s.bookingID) == "moved", "still waiting for a decision")

                // Dragged again, to a free time: a new notice, and applying it moves the booking and tells the customer.
                let six = s.start.addingTimeInterval(-90 * 60)
                google.ownerMove(id: s.eventID, start: six, end: six.addingTimeInterval(length))
                #expect(
                    try await Self.drain(services, env) {
                        let flagged = try await db.count(
                            "SELECT count(*)::int FROM bookings WHERE calendar_flag_start = '\(ISO8601DateFormatter().string(from: six))'")
                        guard flagged == 1 else { return false }
                        return try await Self.settled(db)
                    })
                #expect(try await Self.notices(db) == 2)
                // The first drag's notice, were it still queued, has nothing left to say.
                let planner = NotificationPlanner(database: db, canSMS: true, canEmail: true, consoleURL: Self.site)
                let stale = try await planner.plan(
                    kind: "owner_calendar_change",
                    payload: CalendarChangeJob(bookingID: s.bookingID, change: "moved", movedTo: Int(nine.timeIntervalSince1970)).fields,
                    businessID: UUID(uuidString: s.id))
                guard case .skip = stale else { throw TestFailure("the first move's notice would still go out: \(stale)") }
                // Another business's team cannot settle this booking.
                let (other, _) = try await api.createRestaurant(slug: "two-way-other")
                var (stranger, _) = try await ConsoleDailyTests.team(api, services, business: other, owner: "Sam", host: "Sid", origin: Self.site)
                let strangerPage = try await stranger.get("/console/businesses/\(other)/today")
                let foreign = try await stranger.post(
                    "/console/businesses/\(other)/bookings/\(s.bookingID.uuidString.lowercased())/calendar", ["csrf": try #require(strangerPage.csrf)]
                )
                #expect(foreign.status == .conflict || foreign.status == .notFound)
                let theirs = try await stranger.post(path + "/calendar", ["csrf": try #require(strangerPage.csrf)])
                #expect(theirs.status == .notFound)
                #expect(try await Self.flag(db, s.bookingID) == "moved", "untouched by another business")
                let moved = try await browser.post(path + "/move", ["csrf": try #require(page.csrf), "date": date, "time": "18:00"])
                #expect(moved.status == .seeOther)
                #expect(try await Self.flag(db, s.bookingID) == "none")
                #expect(
                    try await db.count(
                        "SELECT count(*)::int FROM bookings WHERE id = '\(s.bookingID)' AND starts_at = '\(ISO8601DateFormatter().string(from: six))'"
                    ) == 1)
                #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_changed'") >= 1, "the customer is told")
                #expect(try await Self.drain(services, env) { try await Self.settled(db) })
                #expect(try await Self.flag(db, s.bookingID) == "none", "our patch's echo changed nothing")
                #expect(try await Self.notices(db) == 2)
            }
        }
    }

    @Test func ourOwnWritesEchoesChangeNothing() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-echo")
                let retell = api.retell(s.id)
                let before = google.listCalls
                _ = try await retell.call("modify_booking", ["confirmation_code": s.code, "time": "20:00"])
                #expect(try await Self.drain(services, env) { google.listCalls > before ? try await Self.settled(db) : false })
                _ = try await retell.call("cancel_booking", ["confirmation_code": s.code])
                let afterMove = google.listCalls
                #expect(try await Self.drain(services, env) { google.listCalls > afterMove ? try await Self.settled(db) : false })
                #expect(google.events["primary/\(s.eventID)"]?.status == "cancelled")
                #expect(try await db.count("SELECT count(*)::int FROM bookings WHERE calendar_flag IS NOT NULL") == 0)
                #expect(try await Self.notices(db) == 0)
                #expect(try await db.count("SELECT count(*)::int FROM audit_events WHERE action LIKE 'booking.calendar_%'") == 0)
            }
        }
    }

    /// With a per-address burst of 50: Google's 84 authentic notifications from one address never spend it (Google
    /// delivers every business's from a few servers), while forged ones from another address do.
    @Test func forgedOrUnknownNotificationsAreRefusedAndAStormRunsOneSyncAtATime() async throws {
        try await FakeGoogle.with { google in
            let limited = google.environment.merging(["RATE_LIMIT_ADDRESS": "0.01/50"]) { _, new in new }
            try await TestApp.run(extra: limited, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-storm")
                let channel = try await Self.channel(db)
                let pulls = {
                    try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'calendar_pull' AND run_at <= now() AND state = 'available'")
                }
                #expect(await google.notify(channelID: channel, token: "forged-token") == [403])
                #expect(await google.notify(channelID: channel, resourceID: "another-resource") == [403])
                #expect(await google.notify(channelID: "no-such-channel") == [404])
                #expect(await google.notify(channelID: channel, token: "") == [403], "no token at all")
                #expect(try await pulls() == 0, "nothing queued for a refused notification")

                // A storm while nothing runs: one pull queued.
                let storm = await google.notifyConcurrently(channelID: channel, count: 40)
                #expect(storm.count == 40 && storm.allSatisfy { $0 == 204 }, "\(storm.filter { $0 != 204 })")
                #expect(try await pulls() == 1)
                // A storm while a pull is reading a slow page: still one sync at a time, and one more queued at most.
                google.script(.list, .slow(.milliseconds(400)), .slow(.milliseconds(400)))
                let listsBefore = google.listCalls
                let stormed = Mutex(false)
                #expect(
                    try await Self.drain(services, env) {
                        if google.state.withLock({ $0.listsInFlight["primary", default: 0] }) > 0, !stormed.withLock({ $0 }) {
                            stormed.withLock { $0 = true }
                            _ = await google.notifyConcurrently(channelID: channel, count: 40)
                        }
                        let done = stormed.withLock { $0 }
                        guard done else { return false }
                        return try await Self.settled(db)
                    })
                #expect(google.maxConcurrentLists == 1, "one sync at a time per calendar")
                // The running sync, the one queued behind it, and one more for deliveries that straggled in after that began.
                #expect(google.listCalls - listsBefore <= 4, "80 notifications, \(google.listCalls - listsBefore) syncs")
                #expect(try await Self.flag(db, s.bookingID) == "none")
                // Forgeries from one address spend its bucket: 50, then refused early.
                let port = try #require(api.client.port)
                var forged: [Int] = []
                for _ in 0 ..< 51 {
                    let answer = try await AddressedHTTP.post(
                        "/v1/google/calendar/notifications", port: port, from: "127.0.0.9",
                        headers: ["X-Goog-Channel-ID": channel, "X-Goog-Channel-Token": "forged", "X-Goog-Resource-State": "exists"], body: "")
                    forged.append(answer.status)
                }
                #expect(forged == Array(repeating: 403, count: 50) + [429])
                #expect(await google.notify(channelID: channel) == [204], "Google's own still pass")
            }
        }
    }

    @Test func channelsRenewBeforeTheyExpireAndStopWhenReplaced() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-renew")
                let old = try await Self.channel(db)
                let renewal = try await db.count(
                    """
                    SELECT count(*)::int FROM jobs j JOIN calendar_connections c ON c.business_id = j.business_id
                    WHERE j.kind = 'calendar_watch' AND j.state = 'available' AND j.payload->>'renewing' = '\(old)'
                      AND j.run_at < c.channel_expires_at AND j.run_at > now() + interval '5 days'
                    """)
                #expect(renewal == 1, "the renewal is queued a day before the week-long channel expires")
                // The day has come.
                try await db.run("UPDATE jobs SET run_at = now() WHERE kind = 'calendar_watch' AND state = 'available'")
                #expect(
                    try await Self.drain(services, env) {
                        let renewed = try await Self.channel(db) != old
                        guard renewed else { return false }
                        return try await Self.settled(db)
                    })
                let new = try await Self.channel(db)
                #expect(google.stoppedChannels.contains(old), "the replaced channel is stopped")
                #expect(google.channels.map(\.id) == [new])
                #expect(await google.notify(channelID: old) == [404])
                #expect(await google.notify(channelID: new) == [204])
                #expect(
                    try await db.count(
                        "SELECT count(*)::int FROM jobs WHERE kind = 'calendar_watch' AND state = 'available' AND payload->>'renewing' = '\(new)'")
                        == 1)
                // Disconnecting stops the channel too.
                #expect(try await api.call(.delete, "/v1/businesses/\(s.id)/integrations/google", key: s.key).status.code < 300)
                #expect(google.stoppedChannels.contains(new))
                #expect(await google.notify(channelID: new) == [404])
            }
        }
    }

    @Test func anExpiredSyncTokenResyncsWithoutDuplicates() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-410")
                google.ownerDelete(id: s.eventID)
                #expect(try await Self.drain(services, env) { try await Self.isFlag(db, s.bookingID, "removed") })
                let token = try await db.strings("SELECT coalesce(sync_token, '') FROM calendar_connections")
                google.invalidateSyncTokens()
                google.ownerAdd(id: "ownersownevent01", start: s.start, end: s.end)
                #expect(
                    try await Self.drain(services, env) {
                        let fresh = try await db.strings("SELECT coalesce(sync_token, '') FROM calendar_connections") != token
                        guard fresh else { return false }
                        return try await Self.settled(db)
                    })
                let lists = google.state.withLock { $0.requests.filter { $0.hasPrefix("GET") } }
                #expect(lists.suffix(2).contains { !$0.contains("syncToken") }, "a full sync after the 410")
                #expect(try await Self.notices(db) == 1, "the deletion seen again is not news")
                #expect(try await db.count("SELECT count(*)::int FROM audit_events WHERE action LIKE 'booking.calendar_%'") == 1)
                #expect(try await Self.flag(db, s.bookingID) == "removed")
            }
        }
    }

    @Test func pollingGivesTheSameResultWithoutPush() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, live: true) { api, services in
                let env = try Self.environment(google, api, push: false), db = services.database
                let s = try await Self.setUp(api, services, google, env: env, slug: "two-way-poll")
                #expect(try await db.strings("SELECT sync_mode FROM calendar_connections") == ["polling"])
                let status = try await api.call(.get, "/v1/businesses/\(s.id)/integrations/google", key: s.key)
                #expect(status.body["changes_from_google"].string == "polling")
                #expect(status.body["last_pull_error"].string?.contains("no public HTTPS address") == true, "\(status.text)")
                #expect(google.channels.isEmpty)
                let scheduled = try await db.count(
                    """
                    SELECT count(*)::int FROM jobs WHERE kind = 'calendar_pull' AND state = 'available'
                      AND run_at BETWEEN now() + interval '200 seconds' AND now() + interval '400 seconds'
                    """)
                #expect(scheduled == 1, "the next poll in five minutes, give or take a quarter")
                google.ownerDelete(id: s.eventID)
                #expect(try await Self.drain(services, env) { try await Self.settled(db) })
                #expect(try await Self.flag(db, s.bookingID) == "none", "nothing is pushed: the change waits for the next poll")
                // Five minutes later.
                try await db.run("UPDATE jobs SET run_at = now() WHERE kind = 'calendar_pull' AND state = 'available'")
                #expect(try await Self.drain(services, env) { try await Self.isFlag(db, s.bookingID, "removed") })
                #expect(try await Self.notices(db) == 1)
            }
        }
    }

    @Test func aReconnectToAnotherAccountIsSeenByAnotherProcessAtOnce() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, key) = try await Calendar.connected(api, google, slug: "two-way-reconnect")
                let businessID = try #require(UUID(uuidString: id))
                // Another process: its own credential cache over the same database.
                let config = services.config
                let elsewhere = Credentials(
                    google: GoogleClient(configuration: try #require(config.google)), database: services.database,
                    box: SecretBox(current: config.encryptionKey, previous: config.previousEncryptionKeys), logger: TestApp.logger)
                let store = CalendarConnectionStore(database: services.database)
                let before = try #require(try await store.get(businessID))
                let first = try await elsewhere.accessToken(before)
                #expect(first == google.issuedSecrets[0])
                // Reconnected in this process, to another Google account (the first account's token still works at Google).
                let q = try await Calendar.startConnect(api, id, key)
                let page = try await Calendar.callback(
                    api, code: google.approve(challenge: q["code_challenge"] ?? "", email: "second@gmail.test"), state: q["state"])
                #expect(page.status == .ok)
                let second = try #require(try await store.get(businessID))
                #expect(second.accountEmail == "second@gmail.test")
                let now = try await elsewhere.accessToken(second)
                #expect(now == google.issuedSecrets[2], "the other process uses the new account's token at once")
                #expect(now != first)
                // A job still holding the old version whose refresh Google refuses cannot mark the new connection invalid.
                #expect(try await store.markInvalid(businessID, version: before.version, reason: "old account refused") == false)
                #expect(try await store.get(businessID)?.status == .connected)
            }
        }
    }

    /// While push keeps the synced list fresh, the owner's own events block appointments from it (no free/busy call:
    /// here free/busy fails, which would leave the time free), and an event deleted in Google frees the time again.
    @Test func theOwnersOwnEventsBlockTimeFromTheSyncedList() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, live: true) { api, services in
                let env = try Self.environment(google, api), db = services.database
                let every = [["opens": "09:00", "closes": "18:00"]]
                let weekly = Dictionary(
                    uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { ($0, every) })
                let (id, key) = try await api.createBusiness(
                    slug: "two-way-salon",
                    extra: [
                        "kind": "appointments", "transfer_phone": "+12125550123",
                        "policy": ["min_notice_minutes": 0, "booking_horizon_days": 60], "hours": ["weekly": weekly],
                    ])
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/services", key: key, json: ["services": [["name": "Haircut", "duration_minutes": 30]]])
                _ = try await api.call(.put, "/v1/businesses/\(id)/staff", key: key, json: ["staff": [["name": "Ana", "services": ["Haircut"]]]])
                let q = try await Calendar.startConnect(api, id, key)
                #expect(try await Calendar.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"]).status == .ok)
                _ = try await api.call(.patch, "/v1/businesses/\(id)/integrations/google", key: key, json: ["busy_times_enabled": true])
                let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
                let date = clock.today(Date()).adding(days: 3)
                let start = try #require(clock.instant(date, minutes: 14 * 60)), end = try #require(clock.instant(date, minutes: 16 * 60))
                google.ownerAdd(id: "dentist0001", start: start, end: end)
                #expect(
                    try await Self.drain(services, env) {
                        let mirrored = try await db.count("SELECT count(*)::int FROM calendar_busy_events WHERE event_id = 'dentist0001'") == 1
                        guard mirrored else { return false }
                        return try await Self.settled(db)
                    })
                google.script(.freeBusy, .status(500), .status(500), .status(500))
                let retell = api.retell(id)
                let blocked = try await retell.call("check_availability", ["date": date.description, "time": "14:30", "service": "Haircut"])
                #expect(blocked.body["available"].bool == false, "blocked by the synced event: \(blocked.text)")
                google.ownerDelete(id: "dentist0001")
                #expect(
                    try await Self.drain(services, env) {
                        let gone = try await db.count("SELECT count(*)::int FROM calendar_busy_events") == 0
                        guard gone else { return false }
                        return try await Self.settled(db)
                    })
                let freed = try await retell.call("check_availability", ["date": date.description, "time": "14:30", "service": "Haircut"])
                #expect(freed.body["available"].bool == true, "deleted in Google: free again \(freed.text)")
            }
        }
    }
}
