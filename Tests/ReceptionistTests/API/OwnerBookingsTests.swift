import Foundation
import Storage
import Testing

/// The owner's booking and message routes: filters, a cursor that neither repeats nor skips while bookings arrive,
/// history, the status lifecycle, and the inbox.
@Suite struct OwnerBookingsTests {
    static func book(_ retell: Retell, days: Int, time: String, name: String, phone: String) async throws -> String {
        let answer = try await retell.call(
            "create_booking", ["date": futureDate(days: days), "time": time, "party_size": 2, "name": name],
            call: ["from_number": phone])
        guard let code = answer.body["booking"]["confirmation_code"].string else { throw TestFailure("booking failed: \(answer.text)") }
        return code
    }

    @Test func pagesNeitherRepeatNorSkipWhileBookingsArriveAndFiltersNarrow() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-list", capacity: 40)
            let retell = api.retell(id)
            var codes: [String] = []
            for i in 0 ..< 24 {
                let time = String(format: "%02d:%02d", 12 + i % 10, i % 2 == 0 ? 0 : 30)
                codes.append(
                    try await Self.book(
                        retell, days: 2 + i % 3, time: time, name: i % 5 == 0 ? "Ada Lovelace" : "Guest \(i)",
                        phone: "+1212555\(String(format: "%04d", 100 + i))"))
            }
            var seen: [String] = []
            var starts: [String] = []
            var cursor: String?
            var added = false
            repeat {
                let page = try await api.call(.get, "/v1/businesses/\(id)/bookings?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""), key: key)
                #expect(page.status == .ok, "\(page.text)")
                seen += page.body["bookings"].array.compactMap { $0["confirmation_code"].string }
                starts += page.body["bookings"].array.compactMap { $0["starts_at"].string }
                cursor = page.body["next_cursor"].string
                if !added {
                    // Arrivals while paging: one far ahead (must appear later), one before the cursor (must not appear).
                    codes.append(try await Self.book(retell, days: 6, time: "20:00", name: "Late Arrival", phone: "+12125559999"))
                    _ = try await Self.book(retell, days: 2, time: "12:15", name: "Early Arrival", phone: "+12125559998")
                    added = true
                }
            } while cursor != nil
            #expect(Set(seen).count == seen.count, "no booking repeats across pages")
            #expect(Set(codes).isSubset(of: Set(seen)), "no booking skipped")
            #expect(starts == starts.sorted(), "time order")

            let ada = try await api.call(.get, "/v1/businesses/\(id)/bookings?name=lovelace", key: key)
            #expect(ada.body["bookings"].array.count == 5)
            let one = try await api.call(.get, "/v1/businesses/\(id)/bookings?phone=%2B12125550103", key: key)
            #expect(one.body["bookings"].array.count == 1)
            let day = futureDate(days: 3)
            let onDay = try await api.call(.get, "/v1/businesses/\(id)/bookings?from=\(day)&to=\(day)", key: key)
            #expect(onDay.body["bookings"].array.allSatisfy { $0["local_date"].string == day })
            #expect(onDay.body["bookings"].array.count == 8)
            _ = try await retell.call("cancel_booking", ["confirmation_code": codes[0]])
            let cancelled = try await api.call(.get, "/v1/businesses/\(id)/bookings?status=cancelled", key: key)
            #expect(cancelled.body["bookings"].array.map { $0["confirmation_code"].string } == [codes[0]])
            let bad = try await api.call(.get, "/v1/businesses/\(id)/bookings?status=lost", key: key)
            #expect(bad.status == .badRequest && bad.body["error"]["field"].string == "status")
            #expect(try await api.call(.get, "/v1/businesses/\(id)/bookings?cursor=nonsense", key: key).body["error"]["field"].string == "cursor")

            let bookingID = try #require(cancelled.body["bookings"][0]["id"].string)
            let detail = try await api.call(.get, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key)
            #expect(detail.body["changes"].array.map { $0["action"].string } == ["created", "cancelled"])
            let other = try await api.createBusiness(slug: "owner-other")
            #expect(try await api.call(.get, "/v1/businesses/\(id)/bookings/\(bookingID)", key: other.key).status == .notFound)
            _ = services
        }
    }

    /// Seed 004's `DELETE …/bookings/{id}` cancels and never deletes: the row stays with its history, the customer is
    /// told, a second DELETE changes nothing, and another business's key finds nothing.
    @Test func deleteCancelsAndKeepsTheRow() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-delete")
            _ = try await Self.book(api.retell(id), days: 4, time: "20:00", name: "Consult", phone: "+12125550166")
            let bookingID = try #require(try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key).body["bookings"][0]["id"].string)
            let other = try await api.createBusiness(slug: "owner-delete-other")
            #expect(try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(bookingID)", key: other.key).status == .notFound)
            let gone = try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(bookingID)?reason=client%20asked", key: key)
            #expect(gone.status == .ok && gone.body["status"].string == "CANCELLED", "\(gone.text)")
            #expect(try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key).body["status"].string == "CANCELLED")
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings WHERE id = '\(bookingID)'") == 1, "the row stays")
            let detail = try await api.call(.get, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key)
            #expect(detail.body["changes"].array.map { $0["action"].string } == ["created", "cancelled"])
            #expect(detail.body["changes"][1]["reason"].string == "client asked")
            #expect(try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_cancelled'") == 1, "told once")
        }
    }

    @Test func statusChangesFollowTheLifecycleWithAuditAndOutbox() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-status")
            let retell = api.retell(id)
            let code = try await Self.book(retell, days: 3, time: "19:00", name: "Future", phone: "+12125550177")
            let future = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key).body["bookings"][0]["id"].string ?? ""
            let early = try await api.call(.post, "/v1/businesses/\(id)/bookings/\(future)/status", key: key, json: ["status": "COMPLETED"])
            #expect(early.status == .conflict)
            #expect(early.body["error"]["message"].string?.contains("allowed now: CANCELLED") == true, "\(early.text)")
            let cancel = try await api.call(
                .post, "/v1/businesses/\(id)/bookings/\(future)/status", key: key, json: ["status": "cancelled", "reason": "owner closed"])
            #expect(cancel.status == .ok && cancel.body["status"].string == "CANCELLED")
            #expect(
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_cancelled'") == 1, "the customer hears of it")

            // Brought back only while its place is free: five parties of two fill the ten seats meanwhile.
            var others: [String] = []
            for n in 0 ..< 5 { others.append(try await Self.book(retell, days: 3, time: "19:00", name: "Other \(n)", phone: "+1212555020\(n)")) }
            let full = try await api.call(.post, "/v1/businesses/\(id)/bookings/\(future)/status", key: key, json: ["status": "CONFIRMED"])
            #expect(full.status == .conflict)
            #expect(full.body["error"]["message"].string?.hasPrefix("SLOT_TAKEN") == true, "\(full.text)")
            #expect(try await services.database.count("SELECT coalesce(sum(party_size), 0)::int FROM bookings WHERE status = 'CONFIRMED'") == 10)
            _ = try await retell.call("cancel_booking", ["confirmation_code": others[0]])
            let back = try await api.call(
                .post, "/v1/businesses/\(id)/bookings/\(future)/status", key: key, json: ["status": "CONFIRMED", "reason": "they called back"])
            #expect(back.status == .ok && back.body["status"].string == "CONFIRMED", "\(back.text)")
            #expect(back.body["confirmation_code"].string == code, "the same booking, the same code")
            #expect(
                try await services.database.count("SELECT count(*)::int FROM booking_changes WHERE booking_id = '\(future)' AND action = 'restored'")
                    == 1)
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed' AND payload->>'booking_id' = '\(future)'") == 2,
                "the customer hears again")
            #expect(try await services.database.count("SELECT coalesce(sum(party_size), 0)::int FROM bookings WHERE status = 'CONFIRMED'") == 10)

            // A booking that has begun: a no-show, corrected to completed, then final.
            try await services.database.run(
                """
                INSERT INTO bookings (id, business_id, confirmation_code, status, starts_at, ends_at, party_size, source)
                VALUES ('7e1c1d3e-0000-4000-8000-000000000001', '\(id)', 'PAST01', 'CONFIRMED', now() - interval '2 hours', now() - interval
                '30 minutes', 2, 'owner')
                """)
            let past = "7e1c1d3e-0000-4000-8000-000000000001"
            #expect(
                try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: key, json: ["status": "NO_SHOW"]).body["status"].string
                    == "NO_SHOW")
            #expect(
                try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: key, json: ["status": "COMPLETED"]).body["status"]
                    .string == "COMPLETED")
            #expect(
                try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: key, json: ["status": "CANCELLED"]).status == .conflict
            )
            // A cancelled booking that has begun stays cancelled.
            try await services.database.run("UPDATE bookings SET status = 'CANCELLED' WHERE confirmation_code = 'PAST01'")
            let late = try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: key, json: ["status": "CONFIRMED"])
            #expect(late.status == .conflict && late.body["error"]["message"].string?.contains("final") == true)
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM booking_changes WHERE booking_id = '\(past)' AND action = 'status_changed' AND actor_type = 'owner'")
                    == 2)
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM jobs WHERE kind = 'calendar_sync' AND payload->>'booking_id' = '\(past)'") == 2)
            let bad = try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: key, json: ["status": "LOST"])
            #expect(bad.status == .unprocessableContent && bad.body["error"]["field"].string == "status")
            let other = try await api.createBusiness(slug: "owner-status-other")
            #expect(
                try await api.call(.post, "/v1/businesses/\(id)/bookings/\(past)/status", key: other.key, json: ["status": "COMPLETED"]).status
                    == .notFound)
        }
    }

    @Test func theInboxShowsUnhandledMessagesFirstAndMarksThemHandled() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-inbox")
            try await services.database.run(
                """
                INSERT INTO messages (id, business_id, caller_name, body, urgent, handled_at, created_at) VALUES
                  ('8e1c1d3e-0000-4000-8000-000000000001', '\(id)', 'Old', 'handled already', false, now() - interval '1 hour', now() - interval
                  '3 hours'),
                  ('8e1c1d3e-0000-4000-8000-000000000002', '\(id)', 'Plain', 'call me', false, NULL, now() - interval '1 minute'),
                  ('8e1c1d3e-0000-4000-8000-000000000003', '\(id)', 'Urgent', 'the oven is on fire', true, NULL, now() - interval '2 hours')
                """)
            let inbox = try await api.call(.get, "/v1/businesses/\(id)/messages", key: key)
            #expect(inbox.body["messages"].array.map { $0["caller_name"].string } == ["Urgent", "Plain", "Old"])
            let path = "/v1/businesses/\(id)/messages/8e1c1d3e-0000-4000-8000-000000000002/handled"
            let first = try await api.call(.post, path, key: key)
            #expect(first.body["handled_at"].string != nil)
            let again = try await api.call(.post, path, key: key)
            #expect(again.body["handled_at"].string == first.body["handled_at"].string, "handled once")
            let other = try await api.createBusiness(slug: "owner-inbox-other")
            #expect(try await api.call(.post, path, key: other.key).status == .notFound)
            let after = try await api.call(.get, "/v1/businesses/\(id)/messages", key: key).body["messages"].array
            #expect(after.map { $0["caller_name"].string } == ["Urgent", "Plain", "Old"], "the unhandled one first, then the handled, newest first")
            #expect(after.map { $0["handled_at"].string == nil } == [true, false, false])
        }
    }

    @Test func ownerBookingsGoThroughTheEngineAndAWalkInMayExceedCapacity() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-create", capacity: 4, maxParty: 4)
            let date = futureDate(days: 3)
            let path = "/v1/businesses/\(id)/bookings"
            let full = try await api.call(.post, path, key: key, json: ["date": date, "time": "19:00", "party_size": 4, "name": "Full Table"])
            #expect(full.status == .created, "\(full.text)")
            #expect(full.body["source"].string == "owner")
            let refused = try await api.call(.post, path, key: key, json: ["date": date, "time": "19:00", "party_size": 2, "name": "No Room"])
            #expect(refused.status == .conflict)
            #expect(refused.body["error"]["message"].string?.hasPrefix("SLOT_TAKEN") == true, "\(refused.text)")
            let walkIn = try await api.call(
                .post, path, key: key,
                json: [
                    "date": date, "time": "19:00", "party_size": 2, "name": "Walk In",
                    "source": "walk_in", "override_capacity": true,
                ])
            #expect(walkIn.status == .created, "\(walkIn.text)")
            #expect(walkIn.body["source"].string == "walk_in")
            #expect(
                try await services.database.count(
                    """
                    SELECT count(*)::int FROM bookings b JOIN booking_changes c ON c.booking_id = b.id
                    WHERE b.options->>'override' = 'capacity' AND c.reason = 'capacity override' AND c.actor_type = 'owner'
                    """) == 1, "recorded as an override")
            let closed = try await api.call(
                .post, path, key: key,
                json: [
                    "date": date, "time": "09:00", "party_size": 2, "name": "Early",
                    "override_capacity": true,
                ])
            #expect(
                closed.status == .conflict && closed.body["error"]["message"].string?.hasPrefix("OUTSIDE_HOURS") == true,
                "the override is for capacity, never for hours")
            #expect(
                try await api.call(.post, path, key: key, json: ["date": date, "time": "19:00", "party_size": 0, "name": "X"]).body["error"]["field"]
                    .string == "party_size")
            #expect(
                try await api.call(.post, path, key: key, json: ["date": date, "time": "19:00", "party_size": 2, "name": "X", "phone": "abc"]).body[
                    "error"]["field"].string == "phone")

            let bookingID = try #require(full.body["id"].string)
            // 20:00 would overlap the walk-in still at its table: refused; 21:30 is free.
            let overlap = try await api.call(.patch, "\(path)/\(bookingID)", key: key, json: ["time": "20:00"])
            #expect(overlap.status == .conflict && overlap.body["error"]["message"].string?.hasPrefix("SLOT_TAKEN") == true, "\(overlap.text)")
            let moved = try await api.call(.patch, "\(path)/\(bookingID)", key: key, json: ["time": "21:30", "notes": "window"])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved.body["local_time"].string == "21:30")
            #expect(moved.body["notes"].string == "window")
            let history = try await api.call(.get, "\(path)/\(bookingID)", key: key)
            #expect(history.body["changes"].array.map { $0["action"].string } == ["created", "modified"])
        }
    }
}

extension OwnerBookingsTests {
    /// Three thousand bookings paged 200 at a time while the owner keeps adding more: every booking that was there is
    /// seen exactly once, in time order, and filters count what the table holds.
    @Test func pagingThreeThousandBookingsWhileMoreArriveNeverRepeatsOrSkips() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "owner-many", capacity: 1000)
            try await services.database.run(
                """
                INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, source)
                SELECT '\(id)', 'S' || lpad(g::text, 5, '0'), CASE WHEN g % 7 = 0 THEN 'CANCELLED' ELSE 'CONFIRMED' END,
                       date_trunc('hour', now()) + make_interval(days => 1 + g % 60, mins => 15 * (g % 40)),
                       date_trunc('hour', now()) + make_interval(days => 1 + g % 60, mins => 15 * (g % 40) + 90), 2, 'owner'
                FROM generate_series(1, 3000) g
                """)
            // The owner keeps booking while the pages are read: arrivals land between pages, before and after the cursor.
            var sent = 0, made = 0
            var seen: [String] = []
            var order: [(String, String)] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await api.call(.get, "/v1/businesses/\(id)/bookings?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), key: key)
                #expect(page.status == .ok, "\(page.text)")
                for b in page.body["bookings"].array {
                    seen.append(b["confirmation_code"].string ?? "")
                    order.append((b["starts_at"].string ?? "", b["id"].string ?? ""))
                }
                cursor = page.body["next_cursor"].string
                pages += 1
                for n in sent ..< min(sent + 3, 30) {
                    let response = try await api.call(
                        .post, "/v1/businesses/\(id)/bookings", key: key,
                        json: [
                            "date": futureDate(days: 1 + (n * 7) % 58), "time": String(format: "%02d:%02d", 12 + n % 10, (n % 4) * 15),
                            "party_size": 2, "name": "Arrival \(n)", "override_capacity": true,
                        ])
                    if response.status == .created { made += 1 }
                    sent += 1
                }
            } while cursor != nil && pages < 100
            #expect(made == 30, "every arrival landed between two pages")
            #expect(Set(seen).count == seen.count, "a booking repeats across pages")
            // Seeded codes are S00001…S03000; generated codes never contain 0, so "S0" tells them apart.
            let seeded = Set(seen.filter { $0.hasPrefix("S0") })
            #expect(seeded.count == 3000, "bookings skipped: \(3000 - seeded.count)")
            #expect(order.map { "\($0.0) \($0.1)" } == order.map { "\($0.0) \($0.1)" }.sorted(), "time order, then id")
            #expect(pages >= 15)
            // Filters count what the table holds.
            var cancelled = 0
            cursor = nil
            repeat {
                let page = try await api.call(
                    .get, "/v1/businesses/\(id)/bookings?status=CANCELLED&limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), key: key)
                #expect(page.body["bookings"].array.allSatisfy { $0["status"].string == "CANCELLED" })
                cancelled += page.body["bookings"].array.count
                cursor = page.body["next_cursor"].string
            } while cursor != nil
            #expect(cancelled == (try await services.database.count("SELECT count(*)::int FROM bookings WHERE status = 'CANCELLED'")))
            #expect(cancelled == 428)
        }
    }
}
