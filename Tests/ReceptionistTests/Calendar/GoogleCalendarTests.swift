import App
import CalendarSync
import Crypto
import Domain
import Foundation
import Storage
import Testing

/// Google Calendar against a fake Google with Google's shapes: connect through the real routes, every booking change
/// reaching the calendar through the real worker pool, and every failure the reference lists.
@Suite struct GoogleCalendarTests {
    struct Connected: Sendable {
        var business: String
        var key: String
        var state: String
        var challenge: String
    }

    /// The consent URL's parameters.
    static func query(_ url: String) -> [String: String] {
        let items = URLComponents(string: url)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }) { a, _ in a }
    }

    static func startConnect(_ api: API, _ business: String, _ key: String) async throws -> [String: String] {
        let start = try await api.call(.post, "/v1/businesses/\(business)/integrations/google/connect", key: key)
        guard start.status == .ok, let url = start.body["authorization_url"].string else { throw TestFailure("connect: \(start.text)") }
        return query(url)
    }

    static func callback(_ api: API, code: String? = nil, state: String?, error: String? = nil) async throws -> APIResponse {
        var parts: [String] = []
        if let code { parts.append("code=\(code)") }
        if let state { parts.append("state=\(state)") }
        if let error { parts.append("error=\(error)") }
        return try await api.call(.get, "/v1/oauth/google/callback?" + parts.joined(separator: "&"))
    }

    /// A restaurant, connected to the fake Google.
    static func connected(_ api: API, _ google: FakeGoogle, slug: String) async throws -> (id: String, key: String) {
        let (id, key) = try await api.createRestaurant(slug: slug)
        let q = try await startConnect(api, id, key)
        let page = try await callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"])
        guard page.status == .ok else { throw TestFailure("callback: \(page.text)") }
        return (id, key)
    }

    static func drain(_ services: AppServices, _ google: FakeGoogle, until: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        try await TestPools.run([try TestPools.product(services.database, environment: google.environment)], until: until)
    }

    static func syncState(_ db: Database, _ state: String) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'calendar_sync' AND state = '\(state)'")
    }

    @Test func everyBookingChangeReachesTheConnectedCalendar() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, key) = try await api.createRestaurant(slug: "cal-flow")
                let q = try await Self.startConnect(api, id, key)
                #expect(q["access_type"] == "offline")
                #expect(q["prompt"] == "consent")
                #expect(q["code_challenge_method"] == "S256")
                #expect(q["response_type"] == "code")
                #expect(q["client_id"] == FakeGoogle.clientID)
                #expect(q["redirect_uri"]?.hasSuffix("/v1/oauth/google/callback") == true)
                let scopes = Set((q["scope"] ?? "").split(separator: " ").map(String.init))
                #expect(scopes.isSuperset(of: ["openid", "email", "https://www.googleapis.com/auth/calendar.events"]))
                let page = try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"])
                #expect(page.status == .ok)
                #expect(page.text.contains("Google Calendar connected"))
                let status = try await api.call(.get, "/v1/businesses/\(id)/integrations/google", key: key)
                #expect(status.body["status"].string == "connected")
                #expect(status.body["account"].string == "owner@gmail.test")
                #expect(status.body["calendar_id"].string == "primary")

                let retell = api.retell(id)
                let date = futureDate(days: 4)
                let created = try await retell.call(
                    "create_booking", ["date": date, "time": "19:30", "party_size": 4, "name": "Ada Lovelace", "notes": "window"])
                let code = try #require(created.body["booking"]["confirmation_code"].string)
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 1 })
                let bookingID = try await services.database.query("SELECT id FROM bookings WHERE confirmation_code = \(code)").collect().first!
                    .decode(UUID.self)
                let eventID = EventBody.eventID(businessID: UUID(uuidString: id)!, bookingID: bookingID)
                let event = try #require(google.events["primary/\(eventID)"])
                let json = try #require(try JSONSerialization.jsonObject(with: event.raw) as? [String: Any])
                let start = try #require(json["start"] as? [String: String])
                #expect(start["timeZone"] == "America/New_York")
                let offset =
                    TimeZone(identifier: "America/New_York")!.secondsFromGMT(
                        for: try #require(ISO8601DateFormatter().date(from: start["dateTime"] ?? ""))) / 3600
                #expect(start["dateTime"] == "\(date)T19:30:00-0\(-offset):00")
                let description = json["description"] as? String ?? ""
                #expect(
                    description.contains("Party size: 4") && description.contains("Notes: window") && description.contains(code)
                        && description.contains("+12125550111"))
                #expect((json["extendedProperties"] as? [String: [String: String]])?["private"]?["bookingId"] == bookingID.uuidString.lowercased())
                #expect(json["transparency"] as? String == "transparent", "our own events never come back as busy time")
                #expect(google.state.withLock { $0.requests.filter { !$0.hasPrefix("GET") }.allSatisfy { $0.contains("sendUpdates=none") } })
                #expect(
                    try await services.database.count(
                        "SELECT count(*)::int FROM bookings WHERE external_event_id = '\(eventID)' AND calendar_sync_state = 'synced'") == 1)
                #expect(try await api.call(.get, "/v1/businesses/\(id)/integrations/google", key: key).body["last_sync_at"].string != nil)

                _ = try await retell.call("modify_booking", ["confirmation_code": code, "time": "20:00"])
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 2 })
                let moved = try #require(try JSONSerialization.jsonObject(with: google.events["primary/\(eventID)"]!.raw) as? [String: Any])
                #expect((moved["start"] as? [String: String])?["dateTime"]?.contains("T20:00:00") == true, "the move patched the same event")
                #expect(google.events.count == 1)

                _ = try await retell.call("cancel_booking", ["confirmation_code": code])
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 3 })
                #expect(google.events["primary/\(eventID)"]?.status == "cancelled")
                #expect(try await services.database.count("SELECT count(*)::int FROM bookings WHERE calendar_sync_state = 'deleted'") == 1)
            }
        }
    }

    @Test func aRepeatedOrCrashedJobLeavesOneEvent() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, _) = try await Self.connected(api, google, slug: "cal-once")
                _ = try await api.retell(id).call("create_booking", ["date": futureDate(days: 3), "time": "18:00", "party_size": 2, "name": "Grace"])
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 1 })
                // The worker crashed after Google's insert and before its commit: the job runs again from the start.
                try await services.database.run("UPDATE jobs SET state = 'available', finished_at = NULL WHERE kind = 'calendar_sync'")
                try await services.database.run("UPDATE bookings SET external_event_id = NULL, calendar_sync_state = NULL")
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 1 })
                #expect(google.events.count == 1)
                #expect(google.state.withLock { $0.inserts } == 1, "the second insert met 409 and patched instead")
            }
        }
    }

    @Test func bookingsMadeBeforeConnectingAreBackFilled() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, key) = try await api.createRestaurant(slug: "cal-backfill")
                let retell = api.retell(id)
                for (days, time) in [(2, "18:00"), (3, "19:00"), (4, "20:00")] {
                    _ = try await retell.call("create_booking", ["date": futureDate(days: days), "time": time, "party_size": 2, "name": "Early"])
                }
                // Before the connection their sync jobs ran and found nothing to sync to.
                #expect(try await Self.drain(services, google) { try await Self.syncState(services.database, "succeeded") == 3 })
                #expect(google.events.isEmpty)
                let q = try await Self.startConnect(api, id, key)
                let page = try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"])
                #expect(page.text.contains("3 upcoming bookings are being copied"))
                #expect(try await Self.drain(services, google) { google.events.count == 3 })
            }
        }
    }

    @Test func concurrentJobsShareOneTokenRefresh() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, _) = try await Self.connected(api, google, slug: "cal-refresh")
                let retell = api.retell(id)
                for time in ["17:00", "17:30", "18:00", "18:30", "19:00", "19:30"] {
                    _ = try await retell.call("create_booking", ["date": futureDate(days: 3), "time": time, "party_size": 1, "name": "Burst"])
                }
                // The stored access token is about to expire and Google has already stopped taking it.
                google.expireAccessTokens()
                try await services.database.run("UPDATE calendar_connections SET access_expires_at = now() + interval '10 seconds'")
                var env = google.environment
                env["WORKER_PER_BUSINESS"] = "6"
                env["WORKER_CONCURRENCY"] = "6"
                let pool = try TestPools.product(services.database, environment: env)
                #expect(try await TestPools.run([pool]) { try await Self.syncState(services.database, "succeeded") == 6 })
                #expect(google.events.count == 6)
                #expect(google.state.withLock { $0.refreshes } == 1, "one refresh shared by six jobs")
            }
        }
    }

    @Test func rateLimitsAndServerErrorsAreRetried() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, _) = try await Self.connected(api, google, slug: "cal-retry")
                google.script(.events, .status(429, retryAfter: 1), .rateLimitExceeded, .status(503))
                _ = try await api.retell(id).call("create_booking", ["date": futureDate(days: 3), "time": "18:00", "party_size": 2, "name": "Grace"])
                let db = services.database
                let done = try await Self.drain(services, google) {
                    // Skip the back-off waits: the point is what each answer did to the job, not the delay.
                    try await db.run("UPDATE jobs SET run_at = now() WHERE kind = 'calendar_sync' AND state = 'failed'")
                    return try await Self.syncState(db, "succeeded") == 1
                }
                #expect(done)
                #expect(google.events.count == 1)
                #expect(
                    try await db.count("SELECT attempt FROM jobs WHERE kind = 'calendar_sync'") == 3,
                    "429 spent no attempt; 403 rateLimitExceeded and 503 did")
                let history = try await db.query("SELECT errors::text FROM jobs WHERE kind = 'calendar_sync'").collect().first!.decode(String.self)
                #expect(history.contains("429") && history.contains("rateLimitExceeded") && history.contains("503"))
            }
        }
    }

    @Test func invalidGrantFlagsTheConnectionTellsTheOwnerOnceAndReconnectingResumes() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (id, key) = try await Self.connected(api, google, slug: "cal-revoked")
                try await services.database.run("UPDATE businesses SET email = 'owner@cal.test' WHERE id = '\(id)'")
                google.revokeEverything()
                let retell = api.retell(id)
                for time in ["18:00", "19:00"] {
                    _ = try await retell.call("create_booking", ["date": futureDate(days: 3), "time": time, "party_size": 2, "name": "Grace"])
                }
                let db = services.database
                let waiting =
                    "SELECT count(*)::int FROM jobs WHERE kind = 'calendar_sync' AND state = 'available' AND attempt = 0 AND run_at > now() + "
                    + "interval '30 minutes'"
                #expect(try await Self.drain(services, google) { try await db.count(waiting) == 2 }, "both jobs wait, no attempt burned")
                let status = try await api.call(.get, "/v1/businesses/\(id)/integrations/google", key: key)
                #expect(status.body["status"].string == "invalid")
                #expect(status.body["last_error"].string?.contains("invalid_grant") == true)
                #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'owner_calendar_disconnected'") == 1, "told once")
                #expect(google.events.isEmpty)

                let q = try await Self.startConnect(api, id, key)
                #expect(try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"]).status == .ok)
                #expect(try await Self.drain(services, google) { try await Self.syncState(db, "succeeded") == 2 })
                #expect(google.events.count == 2)
                #expect(try await api.call(.get, "/v1/businesses/\(id)/integrations/google", key: key).body["status"].string == "connected")
            }
        }
    }

    @Test func forgedExpiredReusedOrForeignStatesAndMissingScopesAreRefused() async throws {
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment) { api, services in
                let (a, aKey) = try await api.createRestaurant(slug: "cal-state-a")
                let (b, _) = try await api.createRestaurant(slug: "cal-state-b")
                let q = try await Self.startConnect(api, a, aKey)
                let state = try #require(q["state"])
                let key = TestEnvironment.key

                let forged = state.replacingOccurrences(of: a.lowercased(), with: b.lowercased())
                let forgedPage = try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: forged)
                #expect(forgedPage.status == .badRequest && forgedPage.text.contains("not valid"))

                let parts = state.split(separator: ".")
                let stateID = try #require(UUID(uuidString: String(parts[0])))
                let foreign = SignedState(stateID: stateID, businessID: UUID(uuidString: b)!, expires: Date().addingTimeInterval(300)).encoded(
                    key: key)
                #expect(
                    try await Self.callback(api, code: "x", state: foreign).text.contains("not valid"), "a genuine signature naming another business")

                let expired = SignedState(stateID: stateID, businessID: UUID(uuidString: a)!, expires: Date().addingTimeInterval(-1)).encoded(
                    key: key)
                #expect(try await Self.callback(api, code: "x", state: expired).text.contains("expired"))

                let denied = try await Self.callback(api, state: state, error: "access_denied")
                #expect(denied.status == .badRequest && denied.text.contains("not granted"))
                let reused = try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: state)
                #expect(reused.text.contains("already used"), "a state is single-use, even after a refusal")

                let q2 = try await Self.startConnect(api, a, aKey)
                let partial = google.approve(
                    challenge: q2["code_challenge"] ?? "",
                    scopes: "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar.events")
                let narrow = try await Self.callback(api, code: partial, state: q2["state"])
                #expect(narrow.status == .badRequest && narrow.text.contains("free/busy"))
                #expect(try await api.call(.get, "/v1/businesses/\(a)/integrations/google", key: aKey).body["status"].string == "not_connected")
                #expect(try await services.database.count("SELECT count(*)::int FROM calendar_connections") == 0)
            }
        }
    }

    @Test func tokensNeverAppearInAnswersLogsOrPlainTextAndDisconnectRevokes() async throws {
        let logs = CapturedLogs()
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, logger: logs.logger) { api, services in
                let (id, key) = try await Self.connected(api, google, slug: "cal-secret")
                _ = try await api.retell(id).call("create_booking", ["date": futureDate(days: 3), "time": "18:00", "party_size": 2, "name": "Grace"])
                google.expireAccessTokens()  // the sync must refresh, so the refresh path is covered too
                var config = try TestApp.config(databaseURL: "postgres://x@127.0.0.1/x", extra: google.environment)
                config.workers.pool.name = "secret-pool"
                let pool = buildWorkerPool(config, database: services.database, logger: logs.logger)
                #expect(try await TestPools.run([pool]) { try await Self.syncState(services.database, "succeeded") == 1 })
                #expect(google.state.withLock { $0.refreshes } == 1)

                let secrets = google.issuedSecrets
                #expect(secrets.count >= 3)
                let answers = [
                    try await api.call(.get, "/v1/businesses/\(id)/integrations/google", key: key).text,
                    try await api.call(.get, "/v1/admin/jobs", key: API.admin).text,
                ]
                let dump = try await services.database.query(
                    "SELECT coalesce(string_agg(c::text, ' '), '') FROM calendar_connections c"
                ).collect().first!.decode(String.self)
                let jobs = try await services.database.query("SELECT coalesce(string_agg(j::text, ' '), '') FROM jobs j").collect().first!.decode(
                    String.self)
                for secret in secrets {
                    let hex = Data(secret.utf8).map { String(format: "%02x", $0) }.joined()
                    #expect(!answers.contains { $0.contains(secret) })
                    #expect(!logs.all.contains { $0.contains(secret) })
                    #expect(!dump.contains(secret) && !dump.contains(hex), "sealed at rest")
                    #expect(!jobs.contains(secret))
                }
                #expect(!logs.all.isEmpty)

                let gone = try await api.call(.delete, "/v1/businesses/\(id)/integrations/google", key: key)
                #expect(gone.body["status"].string == "disconnected")
                #expect(google.state.withLock { $0.revoked.count } == 1)
                #expect(
                    try await services.database.count(
                        "SELECT count(*)::int FROM calendar_connections WHERE refresh_token_sealed IS NULL AND access_token_sealed IS NULL") == 1)
            }
        }
    }

    @Test func busyTimesRemoveSlotsAndGoogleTroubleNeverChangesTheAnswer() async throws {
        try await FakeGoogle.with { google in
            // A first fetch (token refresh + free/busy) may take longer than production's 300 ms on a loaded test run;
            // 1.5 s still leaves the 3 s "slow Google" case well past the deadline.
            try await TestApp.run(extra: google.environment.merging(["GOOGLE_BUSY_TIMEOUT_MS": "1500"]) { _, new in new }) { api, services in
                let every = [["opens": "09:00", "closes": "18:00"]]
                let weekly = Dictionary(
                    uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { ($0, every) })
                let (id, key) = try await api.createBusiness(
                    slug: "cal-salon",
                    extra: [
                        "kind": "appointments", "transfer_phone": "+12125550123",
                        "policy": ["min_notice_minutes": 0, "booking_horizon_days": 60], "hours": ["weekly": weekly],
                    ])
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/services", key: key,
                    json: ["services": [["name": "Haircut", "duration_minutes": 30]]])
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/staff", key: key,
                    json: ["staff": [["name": "Ana", "services": ["Haircut"]]]])
                let q = try await Self.startConnect(api, id, key)
                #expect(try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"]).status == .ok)
                let enabled = try await api.call(.patch, "/v1/businesses/\(id)/integrations/google", key: key, json: ["busy_times_enabled": true])
                #expect(enabled.body["busy_times_enabled"].bool == true)

                let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
                let retell = api.retell(id)
                func busyAfternoon(_ days: Int) -> (String, DateInterval) {
                    let date = clock.today(Date()).adding(days: days)
                    return (
                        date.description, DateInterval(start: clock.instant(date, minutes: 14 * 60)!, end: clock.instant(date, minutes: 16 * 60)!)
                    )
                }
                let (day1, busy1) = busyAfternoon(3), (day2, busy2) = busyAfternoon(4), (day3, busy3) = busyAfternoon(5)
                google.state.withLock { $0.busy = [busy1, busy2, busy3] }

                let blocked = try await retell.call("check_availability", ["date": day1, "time": "14:30", "service": "Haircut"])
                #expect(blocked.body["available"].bool == false, "\(blocked.text)")
                let free = try await retell.call("check_availability", ["date": day1, "time": "11:00", "service": "Haircut"])
                #expect(free.body["available"].bool == true, "\(free.text)")
                let refused = try await retell.call(
                    "create_booking", ["date": day1, "time": "15:00", "service": "Haircut", "name": "Zoe", "party_size": 1])
                #expect(refused.body["booking"]["confirmation_code"].string == nil && refused.text.contains("SLOT_TAKEN"), "\(refused.text)")

                google.script(.freeBusy, .status(500))
                let down = try await retell.call("check_availability", ["date": day2, "time": "14:30", "service": "Haircut"])
                #expect(down.body["available"].bool == true, "Google down: Postgres alone decides \(down.text)")

                google.script(.freeBusy, .slow(.seconds(3)))
                let slow = try await retell.call("check_availability", ["date": day3, "time": "14:30", "service": "Haircut"])
                #expect(slow.body["available"].bool == true, "Google slow: answered without waiting \(slow.text)")
                google.script(.freeBusy, .status(503))
                let booked = try await retell.call(
                    "create_booking", ["date": day2, "time": "14:30", "service": "Haircut", "name": "Zoe", "party_size": 1])
                #expect(booked.body["booking"]["confirmation_code"].string != nil, "a booking is never refused because Google failed: \(booked.text)")
                _ = services
            }
        }
    }

    @Test func anInvalidConnectionLeavesAvailabilityToPostgresAndSaysSo() async throws {
        let logs = CapturedLogs()
        try await FakeGoogle.with { google in
            try await TestApp.run(extra: google.environment, logger: logs.logger) { api, services in
                let every = [["opens": "09:00", "closes": "18:00"]]
                let weekly = Dictionary(
                    uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { ($0, every) })
                let (id, key) = try await api.createBusiness(
                    slug: "cal-invalid-busy",
                    extra: [
                        "kind": "appointments", "policy": ["min_notice_minutes": 0, "booking_horizon_days": 60], "hours": ["weekly": weekly],
                    ])
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/services", key: key, json: ["services": [["name": "Haircut", "duration_minutes": 30]]])
                _ = try await api.call(.put, "/v1/businesses/\(id)/staff", key: key, json: ["staff": [["name": "Ana", "services": ["Haircut"]]]])
                let q = try await Self.startConnect(api, id, key)
                #expect(try await Self.callback(api, code: google.approve(challenge: q["code_challenge"] ?? ""), state: q["state"]).status == .ok)
                _ = try await api.call(.patch, "/v1/businesses/\(id)/integrations/google", key: key, json: ["busy_times_enabled": true])
                try await services.database.run("UPDATE calendar_connections SET status = 'invalid'")
                let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
                let date = clock.today(Date()).adding(days: 3)
                google.state.withLock { $0.busy = [DateInterval(start: clock.instant(date, minutes: 600)!, end: clock.instant(date, minutes: 720)!)] }
                let check = try await api.retell(id).call("check_availability", ["date": date.description, "time": "10:30", "service": "Haircut"])
                #expect(check.body["available"].bool == true, "the invalid connection's busy times are not used: \(check.text)")
                #expect(logs.all.contains { $0.contains("availability from Postgres alone: the Google Calendar connection is invalid") })
            }
        }
    }

    @Test func eventTimesCarryTheRightOffsetOnDSTDays() throws {
        let business = Business(
            id: UUID(), slug: try Slug("dst"), name: "DST", kind: .restaurant, timezone: try TimeZoneName("America/New_York"),
            phone: nil, transferPhone: nil, email: nil, policy: .defaults(for: .restaurant), createdAt: Date(), updatedAt: Date())
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        func event(_ date: String, _ minutes: Int, preferLater: Bool = false) throws -> [String: String] {
            let start = clock.instant(try LocalDate(parsing: date, field: "d"), minutes: minutes, preferLater: preferLater)!
            let booking = Booking(
                id: UUID(), businessID: business.id, confirmationCode: "ABC123", status: .confirmed, start: start,
                end: start.addingTimeInterval(5400), partySize: 2, customerName: "Ada", customerPhone: nil, notes: nil,
                service: nil, staffID: nil, staffName: nil, options: [:], source: .phone, callID: nil, createdAt: start, updatedAt: start)
            let json = try JSONSerialization.jsonObject(with: EventBody.make(booking, business: business, id: "abc12")) as! [String: Any]
            return json["start"] as! [String: String]
        }
        #expect(try event("2027-03-14", 19 * 60)["dateTime"] == "2027-03-14T19:00:00-04:00", "after spring forward")
        #expect(try event("2027-03-13", 19 * 60)["dateTime"] == "2027-03-13T19:00:00-05:00")
        #expect(try event("2026-11-01", 90)["dateTime"] == "2026-11-01T01:30:00-04:00", "the first 1:30 of the autumn night")
        #expect(try event("2026-11-01", 90, preferLater: true)["dateTime"] == "2026-11-01T01:30:00-05:00", "the repeated 1:30")
        #expect(try event("2026-11-01", 90)["timeZone"] == "America/New_York")
        let id = EventBody.eventID(businessID: business.id, bookingID: UUID())
        #expect(id.count == 64 && id.allSatisfy { ("a" ... "v").contains($0) || ("0" ... "9").contains($0) })
    }
}
