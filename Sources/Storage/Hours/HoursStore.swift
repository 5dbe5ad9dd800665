import Domain
import Foundation
import PostgresNIO

/// Weekly hours and date overrides of one business.
public struct HoursStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func weekly(_ businessID: UUID) async throws -> WeeklyHours {
        try await weekly([businessID])[businessID] ?? .closed
    }

    /// The weekly hours of several businesses in one query (a page of businesses, not one round trip each).
    public func weekly(_ businessIDs: [UUID]) async throws -> [UUID: WeeklyHours] {
        guard !businessIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            SELECT business_id, weekday, to_char(opens, 'HH24:MI'), to_char(closes, 'HH24:MI')
            FROM business_hours WHERE business_id = ANY(\(businessIDs)) ORDER BY business_id, weekday, opens
            """)
        var days: [UUID: [Weekday: [OpeningInterval]]] = [:]
        for try await (id, weekday, opens, closes) in rows.decode((UUID, Int, String, String).self) {
            guard let day = Weekday(rawValue: weekday) else { continue }
            days[id, default: [:]][day, default: []].append(try OpeningInterval(opens: opens, closes: closes, field: day.name))
        }
        var result: [UUID: WeeklyHours] = [:]
        for id in businessIDs { result[id] = try WeeklyHours(days[id] ?? [:]) }
        return result
    }

    /// Replaces the whole week atomically; false when the business does not exist.
    public func replaceWeekly(_ businessID: UUID, _ hours: WeeklyHours, audit: AuditEntry? = nil) async throws -> Bool {
        try await database.transaction { session in
            let exists = try await session.query(
                "SELECT 1 FROM businesses WHERE id = \(businessID) FOR UPDATE")
            var found = false
            for try await _ in exists { found = true }
            guard found else { return false }
            try await HoursSQL.replaceWeekly(businessID, hours, in: session)
            try await session.query("UPDATE businesses SET updated_at = now() WHERE id = \(businessID)")
            try await AuditSQL.record(audit?.about(businessID), in: session)
            try await RetellSyncSQL.queue(businessID, in: session)
            return true
        }
    }

    /// Overrides from `from` on (all when nil), in date order.
    public func overrides(_ businessID: UUID, from: LocalDate?) async throws -> [DateOverride] {
        let query: PostgresQuery =
            if let from {
                """
                SELECT date::text, closed, hours::text, reason FROM business_date_overrides
                WHERE business_id = \(businessID) AND date >= \(from.description)::date ORDER BY date
                """
            } else {
                """
                SELECT date::text, closed, hours::text, reason FROM business_date_overrides
                WHERE business_id = \(businessID) ORDER BY date
                """
            }
        var result: [DateOverride] = []
        for try await (date, closed, hours, reason) in try await database.query(query).decode((String, Bool, String, String?).self) {
            result.append(
                try DateOverride(
                    date: try LocalDate(parsing: date, field: "date"), closed: closed,
                    intervals: try HoursSQL.parseIntervals(hours), reason: reason))
        }
        return result
    }

    /// Adds an override; `StorageError.duplicate` when that date already has one.
    public func addOverride(_ businessID: UUID, _ override: DateOverride, audit: AuditEntry? = nil) async throws {
        try await database.transaction { session in
            try await HoursSQL.insertOverride(businessID, override, in: session)
            try await AuditSQL.record(audit?.about(businessID), in: session)
            try await RetellSyncSQL.queue(businessID, in: session)
        }
    }

    /// Deletes the override of a date; false when there was none.
    public func deleteOverride(_ businessID: UUID, date: LocalDate, audit: AuditEntry? = nil) async throws -> Bool {
        try await database.transaction { session in
            let rows = try await session.query(
                """
                DELETE FROM business_date_overrides WHERE business_id = \(businessID) AND date = \(date.description)::date
                RETURNING 1
                """)
            var deleted = false
            for try await _ in rows { deleted = true }
            if deleted {
                try await AuditSQL.record(audit?.about(businessID), in: session)
                try await RetellSyncSQL.queue(businessID, in: session)
            }
            return deleted
        }
    }
}
