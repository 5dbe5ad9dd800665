import Foundation
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
