import Domain
import Foundation
import Logging
import PostgresNIO

/// Keeps a booking's reminder in step with the booking, inside the booking's own transaction: one pending reminder
/// per booking (ordering key `reminder:<id>`), moved when the booking moves, withdrawn when it is cancelled.
public enum ReminderSQL {
    /// Withdraws the pending reminder (unless the booking is `new`) and, for a live booking whose reminder time is
    /// still ahead, schedules one at the business's lead time: one statement each, on the booking's hot path.
    public static func reschedule(_ booking: Booking, new: Bool, in session: DatabaseSession) async throws {
        let id = booking.id.uuidString.lowercased()
        let key = "reminder:\(id)"
        if !new {
            try await session.query(
                """
                UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), last_error = 'booking changed'
                WHERE ordering_key = \(key) AND state IN ('available', 'failed')
                """)
        }
        // By text when there is a phone, else by email when there is an address (an owner's booking may carry only that).
        guard booking.status.isLive, booking.customerPhone != nil || booking.customerEmail != nil else { return }
        let start = String(Int(booking.start.timeIntervalSince1970))
        let channel = booking.customerPhone == nil ? "email" : nil
        let payload = NewJob(.bookingReminder, BookingJob(bookingID: booking.id, channel: channel, startsAt: Int(start))).payload
        // Moving back to a time that had a reminder revives that row instead of being swallowed by its dedupe key, with
        // today's channel (the phone may have been removed or added since).
        try await session.query(
            """
            INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
            SELECT b.id, \(NotificationKind.bookingReminder.rawValue), \(payload)::jsonb,
                   \(booking.start) - make_interval(mins => b.reminder_lead_minutes), \("\(key):\(start)"), \(key)
            FROM businesses b
            WHERE b.id = \(booking.businessID) AND b.reminder_lead_minutes IS NOT NULL
              AND \(booking.start) - make_interval(mins => b.reminder_lead_minutes) > now()
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO UPDATE
                SET state = 'available', run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, attempt = 0, finished_at = NULL,
                    last_error = NULL, updated_at = now()
                WHERE jobs.state = 'cancelled'
            """)
    }
}
