import Foundation
import Storage
import Testing

/// The day sheet: one local day of the business, grouped by start, on the night New York's clocks go back.
@Suite struct ScheduleTests {
    @Test func theDaySheetOfAnAutumnDSTNightHasBothHalfPastOnes() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "daysheet")
            let rows: [(String, String, Int, String)] = [
                ("A", "2026-11-01T03:30:00Z", 2, "CONFIRMED"),  // Oct 31, 23:30 EDT: the day before
                ("B", "2026-11-01T04:30:00Z", 4, "CONFIRMED"),  // 00:30 EDT
                ("C", "2026-11-01T05:30:00Z", 3, "COMPLETED"),  // 01:30 EDT, the first
                ("D", "2026-11-01T06:30:00Z", 2, "CONFIRMED"),  // 01:30 EST, the second
                ("E", "2026-11-01T06:30:00Z", 5, "NO_SHOW"),  // 01:30 EST too, no covers
                ("F", "2026-11-01T07:00:00Z", 6, "CANCELLED"),  // 02:00 EST, cancelled: not on the sheet
                ("G", "2026-11-02T04:30:00Z", 2, "CONFIRMED"),  // Nov 2, 23:30 EST: the last of the day
                ("H", "2026-11-02T05:30:00Z", 2, "CONFIRMED"),  // Nov 2, 00:30 EST: the next day
            ]
            for (code, start, party, status) in rows {
                try await services.database.run(
                    """
                    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, customer_name, source)
                    VALUES ('\(id)', '\(code)', '\(status)', '\(start)', '\(start)'::timestamptz + interval '90 minutes', \(party),
                    'Guest \(code)', 'owner')
                    """)
            }
            let sheet = try await api.call(.get, "/v1/businesses/\(id)/schedule?date=2026-11-01", key: key)
            #expect(sheet.status == .ok, "\(sheet.text)")
            let slots = sheet.body["slots"].array
            #expect(slots.map { $0["time"].string } == ["00:30", "01:30", "01:30", "23:30"])
            #expect(slots.map { $0["covers"].int } == [4, 3, 2, 2], "the no-show has no covers; the cancelled booking is not listed")
            #expect(Set(slots[2]["bookings"].array.compactMap { $0["confirmation_code"].string }) == ["D", "E"])
            #expect(sheet.body["bookings_count"].int == 5)
            #expect(sheet.body["covers"].int == 11)
            #expect(sheet.body["timezone"].string == "America/New_York")
            let missing = try await api.call(.get, "/v1/businesses/\(id)/schedule", key: key)
            #expect(missing.status == .badRequest && missing.body["error"]["field"].string == "date")
        }
    }
}
