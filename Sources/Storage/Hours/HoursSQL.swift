import Domain
import Foundation
import Logging
import PostgresNIO

/// Statements on hours that run inside a caller's transaction.
enum HoursSQL {
    struct IntervalJSON: Codable {
        var opens: String
        var closes: String
    }

    static func replaceWeekly(_ businessID: UUID, _ hours: WeeklyHours, in session: DatabaseSession) async throws {
        try await session.query("DELETE FROM business_hours WHERE business_id = \(businessID)")
        for day in Weekday.allCases {
            for range in hours.intervals(on: day) {
                try await session.query(
                    """
                    INSERT INTO business_hours (business_id, weekday, opens, closes)
                    VALUES (\(businessID), \(day.rawValue), \(range.opens.description)::time, \(range.closes.description)::time)
                    """)
            }
        }
    }

    static func insertOverride(_ businessID: UUID, _ o: DateOverride, in session: DatabaseSession) async throws {
        try await session.query(
            """
            INSERT INTO business_date_overrides (business_id, date, closed, hours, reason)
            VALUES (\(businessID), \(o.date.description)::date, \(o.closed), \(intervalsJSON(o.intervals))::jsonb, \(o.reason))
            """)
    }

    static func intervalsJSON(_ intervals: [OpeningInterval]) -> String {
        let rows = intervals.map { IntervalJSON(opens: $0.opens.description, closes: $0.closes.description) }
        return String(decoding: try! JSONEncoder().encode(rows), as: UTF8.self)
    }

    static func parseIntervals(_ json: String) throws -> [OpeningInterval] {
        try JSONDecoder().decode([IntervalJSON].self, from: Data(json.utf8)).enumerated().map { index, row in
            try OpeningInterval(opens: row.opens, closes: row.closes, field: "hours[\(index)]")
        }
    }
}
