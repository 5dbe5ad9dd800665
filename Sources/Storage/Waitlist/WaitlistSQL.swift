import Foundation
import PostgresNIO

/// The waitlist's statements that run inside a booking's transaction: a place freed (a cancellation, a move) queues
/// the matching job when someone waits around that time; an offer taken by the booking made from it.
public enum WaitlistSQL {
    /// Thrown when a booking claims an offer that is no longer open (taken, declined or expired): the booking rolls back.
    public struct OfferGone: Error {}

    /// Queues `waitlist_match` for the business when a request waits within a day of `around` (none waits: nothing,
    /// and the booking's transaction pays one indexed lookup). At most one match job due at a time per business.
    public static func placeFreed(_ businessID: UUID, around: Date, in session: DatabaseSession) async throws {
        try await session.query("\(matchQueued(businessID, around: around))")
    }

    /// `placeFreed`'s `INSERT`, to join the freeing change's other writes in one statement.
    public static func matchQueued(_ businessID: UUID, around: Date) -> SQLPart {
        """
        INSERT INTO jobs (business_id, kind, payload, ordering_key)
        SELECT \(businessID), 'waitlist_match', '{}', NULL
        WHERE EXISTS (SELECT 1 FROM waitlist_entries WHERE business_id = \(businessID) AND status = 'waiting'
                      AND window_end > \(around.addingTimeInterval(-86_400)) AND window_start < \(around.addingTimeInterval(86_400)))
          AND NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'waitlist_match' AND business_id = \(businessID)
                          AND state IN ('available', 'failed') AND run_at <= now())
        """
    }

    /// The offer is taken by `booking`: open and unexpired, or `OfferGone`.
    public static func accept(_ offerID: UUID, booking: UUID, in session: DatabaseSession) async throws {
        var entry: UUID?
        for try await id in try await session.query(
            """
            UPDATE waitlist_offers SET status = 'accepted', booking_id = \(booking), decided_at = now()
            WHERE id = \(offerID) AND status = 'open' AND expires_at > now() RETURNING entry_id
            """
        ).decode(UUID.self) { entry = id }
        guard let entry else { throw OfferGone() }
        try await session.query(
            "UPDATE waitlist_entries SET status = 'booked', booking_id = \(booking), updated_at = now() WHERE id = \(entry)")
    }
}
