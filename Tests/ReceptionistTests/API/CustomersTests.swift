import Foundation
import PostgresNIO
import Storage
import Testing

/// Customers: search, a customer's bookings, and erasure that leaves no trace of the person but keeps the history.
@Suite struct CustomersTests {
    @Test func erasureRemovesTheCustomerEverywhereAndKeepsAnonymousHistory() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "erasure")
            let retell = api.retell(id)
            let erased = "+12125550142", kept = "+12125550199"
            for (phone, time, call) in [(erased, "18:00", "call_erase_1"), (erased, "19:00", "call_erase_2"), (kept, "20:00", "call_keep_1")] {
                let name = phone == erased ? "Ada Lovelace" : "Grace Hopper"
                let created = try await retell.call(
                    "create_booking",
                    [
                        "date": futureDate(days: 3), "time": time, "party_size": 2, "name": name,
                        "notes": "allergic to nuts",
                    ], callID: call, call: ["from_number": phone])
                #expect(created.body["ok"].bool == true, "\(created.text)")
                _ = try await retell.call(
                    "take_message", ["name": name, "message": "Please call me back"], callID: call, call: ["from_number": phone])
                for event in ["call_ended", "call_analyzed"] {
                    let body = try JSONSerialization.data(
                        withJSONObject: [
                            "event": event,
                            "call": [
                                "call_id": call, "from_number": phone, "call_status": "ended",
                                "transcript": "User: this is \(name), my number is \(phone)",
                                "call_analysis": ["call_summary": "\(name) booked a table"],
                            ],
                        ], options: [.sortedKeys])
                    _ = try await retell.raw(Array(body), path: "/v1/retell/\(id)/webhooks")
                }
            }
            let found = try await api.call(.get, "/v1/businesses/\(id)/customers?q=lovelace", key: key)
            #expect(found.body["customers"].array.map { $0["phone"].string } == [erased])
            #expect(found.body["customers"][0]["bookings"].int == 2)
            let theirs = try await api.call(.get, "/v1/businesses/\(id)/customers/%2B12125550142/bookings", key: key)
            #expect(theirs.body["bookings"].array.count == 2)

            let erase = try await api.call(.post, "/v1/businesses/\(id)/customers/%2B12125550142/erase", key: key)
            #expect(erase.status == .ok, "\(erase.text)")
            #expect(erase.body["erased_bookings"].int == 2)

            let db = services.database
            for table in ["bookings", "booking_changes", "messages", "calls", "call_events", "tool_calls", "customer_erasures"] {
                let dump = try await db.query(PostgresQuery(unsafeSQL: "SELECT coalesce(string_agg(t::text, ' '), '') FROM \(table) t")).collect()
                    .first!.decode(String.self)
                #expect(!readable("2125550142", in: dump) && !readable("Lovelace", in: dump), "\(table) still names the erased customer")
                // The other customer is kept, sealed: never in plain text, still found and shown through the API.
                #expect(!readable("2125550199", in: dump) && !readable("Hopper", in: dump), "\(table) shows the kept customer in plain text")
            }
            let hopper = try await api.call(.get, "/v1/businesses/\(id)/customers?q=hopper", key: key)
            #expect(hopper.body["customers"].array.map { $0["phone"].string } == ["+12125550199"])
            #expect(hopper.body["customers"][0]["name"].string == "Grace Hopper")
            let keptBookings = try await api.call(.get, "/v1/businesses/\(id)/customers/%2B12125550199/bookings", key: key)
            #expect(keptBookings.body["bookings"].array.map { $0["customer_phone"].string } == ["+12125550199"])
            #expect(keptBookings.body["bookings"][0]["notes"].string == "allergic to nuts")
            let calls = try await api.call(.get, "/v1/businesses/\(id)/calls", key: key)
            #expect(calls.body["calls"].array.compactMap { $0["from_number"].string } == ["+12125550199"], "\(calls.text)")
            let idempotent = try await db.query("SELECT coalesce(string_agg(encode(response_body, 'escape'), ' '), '') FROM idempotency_keys")
                .collect().first!.decode(String.self)
            #expect(!idempotent.contains("Lovelace"))
            #expect(
                try await db.count("SELECT count(*)::int FROM bookings WHERE customer_name = '(erased)' AND customer_phone IS NULL AND notes IS NULL")
                    == 2,
                "the bookings stay, anonymous")
            #expect(try await db.count("SELECT count(*)::int FROM booking_changes WHERE action = 'anonymized'") == 2)
            #expect(try await api.call(.get, "/v1/businesses/\(id)/customers?q=lovelace", key: key).body["customers"].array.isEmpty)
            #expect(try await api.call(.get, "/v1/businesses/\(id)/customers?q=a", key: key).body["error"]["field"].string == "q")
            let other = try await api.createBusiness(slug: "erasure-other")
            #expect(try await api.call(.post, "/v1/businesses/\(id)/customers/%2B12125550199/erase", key: other.key).status == .notFound)
        }
    }
}
