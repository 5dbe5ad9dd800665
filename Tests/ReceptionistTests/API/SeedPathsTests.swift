import Foundation
import HTTPTypes
import Testing

/// Paths the seeds describe that had no test of their own: a modify that changes an appointment's service (its length
/// follows the new service), and the day sheet's staff column.
@Suite struct SeedPathsTests {
    @Test func aModifyChangesTheServiceAndTheDaySheetNamesTheStaff() async throws {
        try await TestApp.run { api, _ in
            let weekly = Dictionary(
                uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map {
                    ($0, [["opens": "09:00", "closes": "18:00"]])
                })
            let (id, key) = try await api.createBusiness(
                slug: "seed-salon",
                extra: ["kind": "appointments", "policy": ["min_notice_minutes": 0, "booking_horizon_days": 60], "hours": ["weekly": weekly]])
            _ = try await api.call(
                .put, "/v1/businesses/\(id)/services", key: key,
                json: ["services": [["name": "Haircut", "duration_minutes": 30], ["name": "Colour", "duration_minutes": 90]]])
            _ = try await api.call(
                .put, "/v1/businesses/\(id)/staff", key: key,
                json: ["staff": [["name": "Ana", "services": ["Colour"]], ["name": "Ben", "services": ["Haircut"]]]])
            let retell = api.retell(id)
            let date = futureDate(days: 3)
            let made = try await retell.call("create_booking", ["date": date, "time": "10:00", "service": "Haircut", "name": "Ada", "party_size": 1])
            let code = try #require(made.body["booking"]["confirmation_code"].string, "\(made.text)")

            let changed = try await retell.call("modify_booking", ["confirmation_code": code, "service": "Colour"])
            #expect(changed.body["ok"].bool == true, "\(changed.text)")
            let list = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key)
            let booking = list.body["bookings"][0]
            #expect(booking["service"].string == "Colour" && booking["staff_name"].string == "Ana", "only Ana does colour: \(list.text)")
            let iso = ISO8601DateFormatter()
            let start = try #require(booking["starts_at"].string.flatMap { iso.date(from: $0) })
            let end = try #require(booking["ends_at"].string.flatMap { iso.date(from: $0) })
            #expect(end.timeIntervalSince(start) == 90 * 60, "the booking lasts as long as its new service")

            let sheet = try await api.call(.get, "/v1/businesses/\(id)/schedule?date=\(date)", key: key)
            #expect(sheet.body["slots"][0]["staff"].array.map(\.string) == ["Ana"], "\(sheet.text)")
            #expect(sheet.body["slots"][0]["bookings"][0]["staff_name"].string == "Ana")
        }
    }
}

/// The `Idempotency-Key` header on the agent's functions: the same key with the same request answers the first
/// result again (one booking), the same key with another request is refused, and nothing else is booked.
@Suite struct IdempotencyHeaderTests {
    @Test func theHeaderReplaysTheSameRequestAndRefusesAnother() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "idem-bistro")
            let retell = api.retell(id)
            let call = "call_idem_\(UUID().uuidString.prefix(6))"
            func create(_ time: String) async throws -> APIResponse {
                let body: [String: Any] = [
                    "name": "create_booking", "args": ["date": futureDate(days: 5), "time": time, "party_size": 2, "name": "Ida"],
                    "call": ["call_id": call, "from_number": "+12125550111"],
                ]
                let bytes = Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
                return try await retell.raw(
                    bytes, path: "/v1/retell/\(id)/functions/create_booking", headers: [HTTPField.Name("Idempotency-Key")!: "order-42"])
            }
            let first = try await create("19:00")
            let code = try #require(first.body["booking"]["confirmation_code"].string, "\(first.text)")
            let again = try await create("19:00")
            #expect(again.body["booking"]["confirmation_code"].string == code, "the same answer again")
            let other = try await create("20:00")
            #expect(other.body["ok"].bool == false && other.body["error"].string == "IDEMPOTENCY_KEY_REUSED", "\(other.text)")
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings") == 1, "one booking")
        }
    }
}
