import Foundation
import PostgresNIO

/// The owner's own busy events as the pulls last saw them (`calendar_busy_events`): availability reads them with one
/// indexed query instead of a free/busy call to Google per check, while the push channel keeps them fresh.
public struct CalendarBusyStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// One page's events: a timed, busy, live event is stored (or moved); anything else (cancelled, free, all-day) is
    /// removed, so an event the owner freed or deleted stops blocking time.
    public func apply(_ businessID: UUID, busy: [(eventID: String, start: Date, end: Date)], gone: [String]) async throws {
        guard !busy.isEmpty || !gone.isEmpty else { return }
        try await database.transaction { session in
            if !gone.isEmpty {
                try await session.query("DELETE FROM calendar_busy_events WHERE business_id = \(businessID) AND event_id = ANY(\(gone)::text[])")
            }
            if !busy.isEmpty {
                try await session.query(
                    """
                    INSERT INTO calendar_busy_events (business_id, event_id, starts_at, ends_at)
                    SELECT \(businessID), e, s, f FROM unnest(\(busy.map(\.eventID))::text[], \(busy.map(\.start))::timestamptz[],
                                                           \(busy.map(\.end))::timestamptz[]) AS t(e, s, f)
                    ON CONFLICT (business_id, event_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at
                    """)
            }
        }
    }

    /// Forgets every event of the business (a full sync rebuilds them: after a 410, a reconnect, another calendar).
    public func wipe(_ businessID: UUID) async throws {
        _ = try await database.query("DELETE FROM calendar_busy_events WHERE business_id = \(businessID)").collect()
    }

    /// The busy intervals overlapping [from, to).
    public func busy(_ businessID: UUID, from: Date, to: Date, timeout: Database.Timeout = .standard) async throws -> [DateInterval] {
        var intervals: [DateInterval] = []
        for try await (start, end) in try await database.query(
            """
            SELECT starts_at, ends_at FROM calendar_busy_events
            WHERE business_id = \(businessID) AND ends_at > \(from) AND starts_at < \(to) ORDER BY starts_at
            """, timeout: timeout
        ).decode((Date, Date).self) {
            intervals.append(DateInterval(start: start, end: end))
        }
        return intervals
    }
}
