import Domain
import Foundation
import PostgresNIO

/// What an owner filters bookings by; every field optional.
public struct BookingFilter: Sendable {
    public var statuses: [BookingStatus] = []
    public var from: Date?
    public var to: Date?
    public var phone: String?
    public var name: String?
    public var source: String?
    public var callID: String?

    public init() {}
}

/// One audit row of a booking, as the owner's booking page shows it.
public struct BookingChange: Sendable {
    public var action: String
    public var actorType: String
    public var actorID: String?
    public var reason: String?
    public var at: Date
}

/// The owner's reads of bookings: filtered lists in time order with a keyset cursor, and one booking's history.
public struct OwnerBookingQueries: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Bookings after `(afterStart, afterID)` in (start, id) order: a page never repeats or skips a row, even while
    /// new bookings arrive.
    public func list(_ businessID: UUID, filter: BookingFilter, after: (Date, UUID)?, limit: Int) async throws -> [Booking] {
        let statuses = filter.statuses.map(\.rawValue)
        // Personal fields are sealed: phone and name match through their blind indexes, never in plain text.
        let vault = try database.requireVault()
        guard let match = PersonalMatch(businessID: businessID, phone: filter.phone, name: filter.name, vault: vault) else { return [] }
        let rows = try await database.query(
            """
            SELECT \(unescaped: BookingRows.columns) FROM bookings b
            WHERE b.business_id = \(businessID)
              AND (cardinality(\(statuses)::text[]) = 0 OR b.status = ANY(\(statuses)::text[]))
              AND (\(filter.from)::timestamptz IS NULL OR b.starts_at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR b.starts_at < \(filter.to))
              AND (\(match.phoneIndexes)::text[] IS NULL OR b.customer_phone_bidx = ANY(\(match.phoneIndexes)::text[]))
              AND (\(match.nameTokens)::text[] IS NULL OR b.search_tokens @> \(match.nameTokens)::text[])
              AND (\(filter.source)::text IS NULL OR b.source = \(filter.source))
              AND (\(filter.callID)::text IS NULL OR b.call_id = \(filter.callID))
              AND (\(after?.0)::timestamptz IS NULL OR (b.starts_at, b.id) > (\(after?.0), \(after?.1)))
            ORDER BY b.starts_at, b.id
            LIMIT \(limit)
            """)
        var out: [Booking] = []
        for try await row in rows { out.append(try BookingRows.decode(row, vault: vault)) }
        return out
    }

    /// Every booking starting on one local day of the business (23 or 25 hours on a DST day), page by page.
    public func day(_ businessID: UUID, date: LocalDate, clock: ZonedClock, statuses: [BookingStatus]) async throws -> [Booking] {
        var filter = BookingFilter()
        filter.statuses = statuses
        filter.from = clock.startOfDay(date)
        filter.to = clock.startOfDay(date.adding(days: 1))
        var all: [Booking] = []
        var after: (Date, UUID)?
        repeat {
            let page = try await list(businessID, filter: filter, after: after, limit: 500)
            all += page
            after = page.count == 500 ? page.last.map { ($0.start, $0.id) } : nil
        } while after != nil
        return all
    }

    /// Bookings and covers per local day from `from` for `days` days (live and finished ones), in one query.
    public func perDay(_ businessID: UUID, from: LocalDate, days: Int, zone: TimeZone) async throws -> [(date: LocalDate, bookings: Int, covers: Int)]
    {
        let clock = ZonedClock(zone)
        let (start, end) = (clock.startOfDay(from), clock.startOfDay(from.adding(days: days)))
        var counts: [String: (Int, Int)] = [:]
        for try await (day, bookings, covers) in try await database.query(
            """
            SELECT (starts_at AT TIME ZONE \(zone.identifier))::date::text, count(*)::int, coalesce(sum(party_size), 0)::int FROM bookings
            WHERE business_id = \(businessID) AND starts_at >= \(start) AND starts_at < \(end) AND status IN ('PENDING', 'CONFIRMED', 'COMPLETED')
            GROUP BY 1
            """
        ).decode((String, Int, Int).self) { counts[day] = (bookings, covers) }
        return (0 ..< days).map { offset in
            let date = from.adding(days: offset)
            let (bookings, covers) = counts[date.description] ?? (0, 0)
            return (date, bookings, covers)
        }
    }

    public func get(_ businessID: UUID, bookingID: UUID) async throws -> (Booking, [BookingChange])? {
        var booking: Booking?
        for try await row in try await database.query(
            "SELECT \(unescaped: BookingRows.columns) FROM bookings b WHERE b.business_id = \(businessID) AND b.id = \(bookingID)")
        {
            booking = try BookingRows.decode(row, vault: database.vault)
        }
        guard let booking else { return nil }
        var changes: [BookingChange] = []
        for try await (action, actorType, actorID, reason, at) in try await database.query(
            """
            SELECT action, actor_type, actor_id, reason, created_at FROM booking_changes
            WHERE booking_id = \(bookingID) ORDER BY id
            """
        ).decode((String, String, String?, String?, Date).self) {
            changes.append(BookingChange(action: action, actorType: actorType, actorID: actorID, reason: reason, at: at))
        }
        return (booking, changes)
    }
}
