import Domain
import Foundation

/// The owner's booking-list cursor: the last row's start and id, opaque to clients (base64url). A page after it never
/// repeats or skips a row (keyset order), for the API and the console alike.
public enum BookingCursor {
    public static func encode(_ b: Booking) -> String {
        Base64URL.encode(Array("\(Int64(b.start.timeIntervalSince1970 * 1_000_000))_\(b.id.uuidString)".utf8))
    }

    /// From 1970 to the year 10000: every start a booking can have.
    static let micros: ClosedRange<Int64> = 0 ... 253_402_300_800_000_000

    /// Nil for text that is not a cursor this server gave out (a forged one far outside the range would not encode).
    public static func decode(_ text: String) -> (Date, UUID)? {
        guard let bytes = Base64URL.decode(text), case let parts = String(decoding: bytes, as: UTF8.self).split(separator: "_"),
            parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])), Self.micros.contains(micros)
        else { return nil }
        return (Date(timeIntervalSince1970: Double(micros) / 1_000_000), id)
    }
}
