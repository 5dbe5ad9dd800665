import Crypto
import Domain
import Foundation
import PostgresNIO
import Storage
import Testing

/// Customers' names, numbers and email addresses are sealed at rest: a whole front-desk day (agent bookings, an owner
/// booking, a message, call webhooks with transcripts, finds by phone and name) leaves none of them readable in a
/// `pg_dump`, while every feature that needs them still finds and shows them.
@Suite struct PersonalDataTests {
    @Test func aDumpOfTheDatabaseShowsNoCustomerPhoneNameOrEmail() async throws {
        let logs = CapturedLogs()
        try await TestApp.run(logger: logs.logger) { api, services in
            let (id, key) = try await api.createRestaurant(slug: "sealed")
            let retell = api.retell(id)
            let caller = "+14155550177", owned = "+14155550188", email = "ada.sealed@example.org", ownerEmail = "grace.sealed@example.net"
            let booked = try await retell.call(
                "create_booking",
                [
                    "date": futureDate(days: 4), "time": "19:00", "party_size": 2, "name": "Ada Quillfeather",
                    "email": email, "notes": "window seat",
                ], callID: "call_sealed", call: ["from_number": caller])
            #expect(booked.body["ok"].bool == true, "\(booked.text)")
            let code = try #require(booked.body["booking"]["confirmation_code"].string)
            let owner = try await api.call(
                .post, "/v1/businesses/\(id)/bookings", key: key,
                json: [
                    "date": futureDate(days: 4), "time": "20:00", "party_size": 3, "name": "Grace Brightwater", "phone": owned, "email": ownerEmail,
                ])
            #expect(owner.status == .created, "\(owner.text)")
            #expect(owner.body["customer_email"].string == ownerEmail)
            _ = try await retell.call(
                "take_message", ["name": "Ada Quillfeather", "message": "Ring me back"], callID: "call_sealed", call: ["from_number": caller])
            let ended = try JSONSerialization.data(withJSONObject: [
                "event": "call_ended",
                "call": [
                    "call_id": "call_sealed", "from_number": caller, "to_number": "+14155550000", "call_status": "ended",
                    "transcript": "User: Ada Quillfeather here, \(caller), email \(email)",
                ],
            ])
            #expect(try await retell.raw(Array(ended), path: "/v1/retell/\(id)/webhooks").status == .noContent)

            // Every feature still works on the sealed data.
            let byPhone = try await retell.call("find_booking", [:], callID: "call_sealed_2", call: ["from_number": caller])
            #expect(byPhone.body["bookings"].array.map { $0["confirmation_code"].string } == [code], "\(byPhone.text)")
            let byName = try await retell.call("find_booking", ["name": "quillfeather", "date": futureDate(days: 4)], callID: "call_sealed_3")
            #expect(byName.body["bookings"].array.count == 1, "\(byName.text)")
            let confirmation = try await retell.call("send_confirmation", ["confirmation_code": code, "channel": "email"], callID: "call_sealed_4")
            #expect(confirmation.body["ok"].bool == true, "\(confirmation.text)")
            #expect(try await api.call(.get, "/v1/businesses/\(id)/bookings?phone=%2B14155550188", key: key).body["bookings"].array.count == 1)
            #expect(try await api.call(.get, "/v1/businesses/\(id)/bookings?name=Bright", key: key).body["bookings"].array.count == 1)
            #expect(
                try await api.call(.get, "/v1/businesses/\(id)/customers?q=0177", key: key).body["customers"][0]["name"].string == "Ada Quillfeather")
            let inbox = try await api.call(.get, "/v1/businesses/\(id)/messages", key: key)
            #expect(inbox.body["messages"][0]["caller_phone"].string == caller)
            let call = try await api.call(.get, "/v1/businesses/\(id)/calls/call_sealed", key: key)
            #expect(call.body["transcript"].string?.contains(email) == true, "\(call.text)")
            #expect(call.body["from_number"].string == caller)
            #expect(call.body["tool_calls"].array.first?["arguments"]["name"].string == "Ada Quillfeather", "\(call.text)")

            // And none of it is readable in the dump.
            let dumpTool = try #require(ProcessInfo.processInfo.environment["TEST_PG_DUMP"], "run through ./scripts/test (it sets TEST_PG_DUMP)")
            let dumpFile = FileManager.default.temporaryDirectory.appendingPathComponent("dump-\(UUID().uuidString).sql").path
            defer { try? FileManager.default.removeItem(atPath: dumpFile) }
            let (status, errors) = try await ChildProcess.run(dumpTool, ["--inserts", "--file", dumpFile, "--dbname", services.config.databaseURL])
            let dump = (try? String(contentsOfFile: dumpFile, encoding: .utf8)) ?? ""
            try #require(status == 0 && dump.contains("CREATE TABLE public.bookings"), "pg_dump failed (\(status)): \(errors.prefix(500))")
            // A customer's route names the number in its path; erasing it must not write it to the request log.
            #expect(try await api.call(.get, "/v1/businesses/\(id)/customers/%2B14155550188/bookings", key: key).status == .ok)
            #expect(try await api.call(.post, "/v1/businesses/\(id)/customers/%2B14155550188/erase", key: key).status == .ok)
            for secret in ["4155550177", "4155550188", email, ownerEmail, "Quillfeather", "Brightwater", "window seat", "Ring me back"] {
                #expect(!readable(secret, in: dump), "the dump shows \(secret)")
                #expect(!logs.all.contains { $0.contains(secret) }, "a log line shows \(secret)")
            }
            #expect(logs.all.contains { $0.contains("/customers/+1") && $0.contains("0188/erase") }, "the request log masks, not drops, the route")
        }
    }
}

extension PersonalDataTests {
    /// Rows from before sealing, and rows sealed under a key since rotated out, are sealed again under the current key
    /// by the backfill `receptionist migrate` runs; lookups and search keep finding them; a second run has nothing to do.
    @Test func theBackfillSealsLegacyRowsAndReSealsUnderARotatedKey() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "backfill")
            let business = try #require(UUID(uuidString: id))
            // Sealed under today's key, through the API.
            let owner = try await api.call(
                .post, "/v1/businesses/\(id)/bookings", key: key,
                json: [
                    "date": futureDate(days: 5), "time": "19:00", "party_size": 2, "name": "Ada Lovelace", "phone": "+12125550166",
                ])
            #expect(owner.status == .created, "\(owner.text)")
            // Written before sealing existed: plain columns.
            let db = services.database
            try await db.query(
                """
                INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, customer_name, customer_phone,
                notes, source)
                VALUES (\(business), 'LEGACY', 'CONFIRMED', now() + interval '6 days', now() + interval '6 days 1 hour', 2, 'Ada Lovelace',
                        '+12125550166', 'plain notes', 'phone')
                """
            ).collect()
            try await db.query(
                """
                INSERT INTO messages (business_id, caller_name, caller_phone, body)
                VALUES (\(business), 'Ada Lovelace', '+12125550166', 'plain words')
                """
            ).collect()
            try await db.query(
                """
                INSERT INTO calls (call_id, business_id, from_number, transcript, merged)
                VALUES ('legacy_call', \(business), '+12125550166', 'Ada speaking',
                '{"call_id": "legacy_call", "from_number": "+12125550166", "transcript": "Ada speaking"}')
                """
            ).collect()
            try await db.query(
                """
                INSERT INTO call_events (business_id, call_id, event, dedupe_key, payload)
                VALUES (\(business), 'legacy_call', 'call_ended', 'call_ended', '{"call": {"from_number": "+12125550166"}}')
                """
            ).collect()
            try await db.query(
                """
                INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, latency_ms)
                VALUES (\(business), 'legacy_call', 'create_booking', '{"name": "Ada Lovelace"}', '{"ok": true}', true, 1)
                """
            ).collect()

            // Provider error texts kept before they were scrubbed.
            try await db.query(
                """
                INSERT INTO jobs (business_id, kind, payload, state, last_error, errors)
                VALUES (\(business), 'booking_confirmed', '{}', 'dead', 'Twilio 21211: The To number +12125550166 is not valid',
                        '[{"attempt": 1, "error": "550 <ada.lovelace@example.org>: no such user"}]')
                """
            ).collect()
            try await db.query(
                """
                INSERT INTO notifications (business_id, kind, channel, recipient, status, reason)
                VALUES (\(business), 'booking_confirmed', 'email', 'a•••@example.org', 'failed', '550 <ada.lovelace@example.org>: no such user')
                """
            ).collect()

            // ENCRYPTION_KEY rotates; the old key stays in ENCRYPTION_KEYS_PREVIOUS.
            let rotated = PersonalDataVault(current: SymmetricKey(size: .bits256), previous: [TestEnvironment.key])
            let database = Database(configuration: db.configuration, logger: TestApp.logger, vault: rotated)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.client.run() }
                defer { group.cancelAll() }
                let counts = try await PersonalDataBackfill(database: database, vault: rotated).run()
                #expect(counts["bookings"] == 2)
                #expect(counts["messages"] == 1)
                #expect(counts["calls"] == 1)
                #expect(counts["call_events"] == 1)
                #expect(counts["tool_calls"] == 1)
                #expect(counts["error texts"] == 2)
                let errors = try await db.query("SELECT last_error || errors::text FROM jobs WHERE state = 'dead'").collect().first!.decode(
                    String.self)
                #expect(!errors.contains("2125550166") && !errors.contains("ada.lovelace") && errors.contains("21211"), "\(errors)")
                let reason = try await db.query("SELECT reason FROM notifications").collect().first!.decode(String.self)
                #expect(reason == "550 <a•••@example.org>: no such user")
                #expect(
                    try await PersonalDataBackfill(database: database, vault: rotated).run().values.allSatisfy { $0 == 0 },
                    "a second run changes nothing")

                for table in ["bookings", "messages", "calls", "call_events", "tool_calls"] {
                    let dump = try await db.query(PostgresQuery(unsafeSQL: "SELECT coalesce(string_agg(t::text, ' '), '') FROM \(table) t"))
                        .collect().first!.decode(String.self)
                    #expect(
                        !readable("2125550166", in: dump) && !readable("Lovelace", in: dump) && !readable("plain", in: dump),
                        "\(table) still readable")
                }
                #expect(
                    try await db.count(
                        "SELECT count(*)::int FROM bookings WHERE pii IS NOT NULL AND substring(pii from 2 for 8) <> "
                            + "convert_to('\(rotated.currentKeyID)', 'UTF8')"
                    ) == 0)

                // Found again under the new key, by phone and by name, and opened whole.
                var filter = BookingFilter()
                filter.phone = "+12125550166"
                let byPhone = try await OwnerBookingQueries(database: database).list(business, filter: filter, after: nil, limit: 10)
                #expect(Set(byPhone.map(\.confirmationCode)).contains("LEGACY"))
                #expect(byPhone.count == 2)
                #expect(byPhone.first { $0.confirmationCode == "LEGACY" }?.notes == "plain notes")
                let customers = try await CustomerStore(database: database).search(business, query: "lovelace", limit: 10)
                #expect(customers.map(\.phone) == ["+12125550166"])
                #expect(customers.first?.bookings == 2)
                #expect(try await MessageStore(database: database).list(business, limit: 10).first?.body == "plain words")
            }
        }
    }
}
