import Domain
import Foundation
import Logging
import PostgresNIO

/// Keeps a booking's reminder in step with the booking, inside the booking's own transaction: one pending reminder
/// per booking (ordering key `reminder:<id>`), moved when the booking moves, withdrawn when it is cancelled.
public enum ReminderSQL {
    /// The `UPDATE` that withdraws the booking's pending reminder.
    public static func withdrawal(_ bookingID: UUID) -> SQLPart {
        """
        UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), last_error = 'booking changed'
        WHERE ordering_key = \(key(bookingID)) AND state IN ('available', 'failed')
        """
    }

    /// The `INSERT` that schedules a live booking's reminder at the business's lead time when that is still ahead; nil
    /// when the booking is not live or has no phone or email. It may revive a withdrawn row (a booking moved back to a
    /// time that had a reminder), so it never joins, in one statement, the withdrawal of the same booking's reminder.
    public static func scheduling(_ booking: Booking) -> SQLPart? {
        // By text when there is a phone, else by email when there is an address (an owner's booking may carry only that).
        guard booking.status.isLive, booking.customerPhone != nil || booking.customerEmail != nil else { return nil }
        let key = key(booking.id)
        let start = String(Int(booking.start.timeIntervalSince1970))
        let channel = booking.customerPhone == nil ? "email" : nil
        let payload = NewJob(.bookingReminder, BookingJob(bookingID: booking.id, channel: channel, startsAt: Int(start))).payload
        // Moving back to a time that had a reminder revives that row instead of being swallowed by its dedupe key, with
        // today's channel (the phone may have been removed or added since).
        return """
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
            """
    }

    /// One pending reminder per booking: its ordering key.
    static func key(_ bookingID: UUID) -> String { "reminder:\(bookingID.uuidString.lowercased())" }
}
