import Crypto
import Domain
import Foundation

/// A booking as a Google Calendar event, and the event id derived from it.
public enum EventBody {
    /// Lowercase hex of SHA-256(business, booking): valid base32hex, the same on every retry, so a crash between
    /// Google's insert and our commit can never make a second event (the retry's insert answers 409).
    public static func eventID(businessID: UUID, bookingID: UUID) -> String {
        let digest = SHA256.hash(data: Data("\(businessID.uuidString.lowercased()):\(bookingID.uuidString.lowercased())".utf8))
        return Hex.encode(digest)
    }

    /// Start and end with their offset and the IANA zone; marked transparent so our own events never come back as
    /// the owner's busy time; private properties name the booking and the business.
    public static func make(_ booking: Booking, business: Business, id: String?) -> Data {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = business.timezone.timeZone
        formatter.formatOptions = [.withInternetDateTime]
        let zone = business.timezone.timeZone.identifier
        var lines = ["Party size: \(booking.partySize)"]
        if let phone = booking.customerPhone { lines.append("Phone: \(phone)") }
        if let notes = booking.notes, !notes.isEmpty { lines.append("Notes: \(notes)") }
        lines.append("Confirmation code: \(booking.confirmationCode)")
        lines.append("Booked by: \(booking.source.rawValue) through Receptionist")
        var event: [String: Any] = [
            "summary": "\(NotificationValues.details(booking, kind: business.kind).capitalizingFirst): \(booking.customerName ?? "Guest")",
            "description": lines.joined(separator: "\n"),
            "start": ["dateTime": formatter.string(from: booking.start), "timeZone": zone],
            "end": ["dateTime": formatter.string(from: booking.end), "timeZone": zone],
            "status": "confirmed",
            "transparency": "transparent",
            "extendedProperties": ["private": ["bookingId": booking.id.uuidString.lowercased(), "businessId": business.id.uuidString.lowercased()]],
        ]
        if let id { event["id"] = id }
        return (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data()
    }
}

extension String {
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }
}
