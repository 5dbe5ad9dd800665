import Domain
import Foundation
import PostgresNIO

/// Bookings whose Google event the owner deleted or moved: the flags a pull sets (with the owner's notice and an
/// audit row, in one transaction per page), read for the console, and settled by the owner's choice.
public struct CalendarFlagStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A booking's flag and, when moved, the event's new times.
    public struct Flag: Sendable, Equatable {
        public var flag: CalendarEventChange.Flag
        public var start: Date?
        public var end: Date?
    }

    public func flag(_ bookingID: UUID) async throws -> Flag? {
        for try await (flag, start, end) in try await database.query(
            "SELECT calendar_flag, calendar_flag_start, calendar_flag_end FROM bookings WHERE id = \(bookingID) AND calendar_flag IS NOT NULL"
        ).decode((String, Date?, Date?).self) {
            return CalendarEventChange.Flag(rawValue: flag).map { Flag(flag: $0, start: start, end: end) }
        }
        return nil
    }

    /// The business's flagged bookings still ahead, soonest first (Today's list of what needs a decision).
    public func flagged(_ businessID: UUID, now: Date = Date()) async throws -> [(bookingID: UUID, flag: Flag)] {
        var found: [(UUID, Flag)] = []
        for try await (id, flag, start, end) in try await database.query(
            """
            SELECT id, calendar_flag, calendar_flag_start, calendar_flag_end FROM bookings
            WHERE business_id = \(businessID) AND calendar_flag IS NOT NULL AND ends_at > \(now) AND status IN ('PENDING', 'CONFIRMED')
            ORDER BY starts_at LIMIT 50
            """
        ).decode((UUID, String, Date?, Date?).self) {
            if let kind = CalendarEventChange.Flag(rawValue: flag) { found.append((id, Flag(flag: kind, start: start, end: end))) }
        }
        return found
    }

    /// One page of Google's changes applied to our bookings: each of our events (named by its private property or, for
    /// a bare deletion, by the event id we stored) decided by `CalendarEventChange`, under the bookings' row locks so
    /// a booking change cannot interleave. Returns what changed, by booking.
    public func reconcile(
        _ businessID: UUID, items: [GoogleSyncItem], now: Date = Date()
    ) async throws -> [(bookingID: UUID, change: CalendarEventChange)] {
        let ids = items.compactMap(\.bookingID), events = items.map(\.eventID)
        guard !items.isEmpty else { return [] }
        return try await database.transaction { session in
            var changes: [(UUID, CalendarEventChange)] = []
            var rows: [(UUID, String, Bool, Date, Date, String?, Date?, Date?, Bool)] = []
            for try await row in try await session.query(
                """
                SELECT b.id, coalesce(b.external_event_id, ''), b.status IN ('PENDING', 'CONFIRMED'), b.starts_at, b.ends_at, b.calendar_flag,
                       b.calendar_flag_start, b.calendar_event_updated,
                       EXISTS (SELECT 1 FROM jobs j WHERE j.ordering_key = 'booking:' || b.id::text AND j.kind = 'calendar_sync'
                               AND j.state IN ('available', 'failed', 'running'))
                FROM bookings b
                WHERE b.business_id = \(businessID) AND (b.id = ANY(\(ids)::uuid[]) OR b.external_event_id = ANY(\(events)::text[]))
                ORDER BY b.id FOR UPDATE OF b
                """
            ).decode((UUID, String, Bool, Date, Date, String?, Date?, Date?, Bool).self) { rows.append(row) }
            for (id, eventID, live, start, end, flag, flagStart, written, pending) in rows {
                guard let item = items.last(where: { $0.bookingID == id || (!eventID.isEmpty && $0.eventID == eventID) }) else { continue }
                let side = CalendarEventChange.BookingSide(
                    live: live, start: start, end: end, flag: flag.flatMap(CalendarEventChange.Flag.init(rawValue:)), flagStart: flagStart,
                    writePending: pending, written: written)
                let change = CalendarEventChange.decide(
                    event: .init(cancelled: item.cancelled, start: item.start, end: item.end, updated: item.updated), booking: side, now: now)
                guard change != .none else { continue }
                try await apply(change, bookingID: id, businessID: businessID, eventID: item.eventID, in: session)
                changes.append((id, change))
            }
            return changes
        }
    }

    func apply(_ change: CalendarEventChange, bookingID: UUID, businessID: UUID, eventID: String, in session: DatabaseSession) async throws {
        let (flag, start, end): (String?, Date?, Date?) =
            switch change {
            case .removed: ("removed", nil, nil)
            case .moved(let start, let end): ("moved", start, end)
            default: (nil, nil, nil)
            }
        try await session.query(
            """
            UPDATE bookings SET calendar_flag = \(flag), calendar_flag_start = \(start), calendar_flag_end = \(end),
                calendar_flagged_at = CASE WHEN \(flag)::text IS NULL THEN NULL ELSE now() END
            WHERE id = \(bookingID)
            """)
        let action = flag.map { "booking.calendar_\($0)" } ?? "booking.calendar_settled"
        var detail = ["booking_id": bookingID.uuidString.lowercased(), "event_id": eventID]
        detail["moved_to"] = start.map { ISOTimestamp.utc($0) }
        try await AuditSQL.record(
            AuditEntry(businessID: businessID, actorType: .system, actorID: "google_calendar", action: action, detail: detail), in: session)
        if let flag {
            try await Outbox.enqueue(.ownerCalendarChange(bookingID: bookingID, change: flag, movedTo: start), businessID: businessID, in: session)
        }
    }

    /// The owner's "put the event back": the flag goes and the booking's calendar job writes it to Google again (a
    /// deleted event is brought back by its id, a moved one moved back), audited. False: no such flag to settle.
    public func putEventBack(_ businessID: UUID, bookingID: UUID, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { session in
            var settled = false
            for try await _ in try await session.query(
                """
                UPDATE bookings SET calendar_flag = NULL, calendar_flag_start = NULL, calendar_flag_end = NULL, calendar_flagged_at = NULL
                WHERE id = \(bookingID) AND business_id = \(businessID) AND calendar_flag IS NOT NULL AND status IN ('PENDING', 'CONFIRMED')
                RETURNING 1
                """)
            { settled = true }
            guard settled else { return false }
            try await Outbox.enqueue(.calendarSync(booking: bookingID), businessID: businessID, in: session)
            try await AuditSQL.record(audit.adding(["booking_id": bookingID.uuidString.lowercased()]), in: session)
            return true
        }
    }
}

/// One of Google's event changes as the flag store reads it (Storage does not know Google's client types).
public struct GoogleSyncItem: Sendable, Equatable {
    public var eventID: String
    public var bookingID: UUID?
    public var cancelled: Bool
    public var start: Date?
    public var end: Date?
    public var updated: Date?

    public init(eventID: String, bookingID: UUID?, cancelled: Bool, start: Date?, end: Date?, updated: Date? = nil) {
        self.eventID = eventID
        self.bookingID = bookingID
        self.cancelled = cancelled
        self.start = start
        self.end = end
        self.updated = updated
    }
}
