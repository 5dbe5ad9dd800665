import Foundation

/// Instants as ISO 8601 text in UTC ("2027-02-28T19:15:00Z", or "…:00.250Z" with milliseconds), what
/// `ISO8601DateFormatter` writes, without it: on Linux each formatter builds an ICU formatter on first use, which was a
/// tenth of a booking's CPU (the audit row's snapshot, the outbox's run times).
public enum ISOTimestamp {
    public static func utc(_ date: Date, milliseconds: Bool = false) -> String {
        // As Foundation does: the instant rounded to the nearest millisecond, then its seconds (or milliseconds) written.
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard abs(totalMilliseconds) < 2.5e14 else { return fallback(date, milliseconds: milliseconds) }
        let whole = Int(totalMilliseconds)
        let seconds = floorDivide(whole, 1000), millis = whole - seconds * 1000
        let days = floorDivide(seconds, 86400), inDay = seconds - days * 86400
        let day = LocalDate(daysSinceEpoch: days)
        guard (1 ... 9999).contains(day.year) else { return fallback(date, milliseconds: milliseconds) }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1 ..< count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(day.year, 4)
        out.append(UInt8(ascii: "-"))
        digits(day.month, 2)
        out.append(UInt8(ascii: "-"))
        digits(day.day, 2)
        out.append(UInt8(ascii: "T"))
        digits(inDay / 3600, 2)
        out.append(UInt8(ascii: ":"))
        digits(inDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(inDay % 60, 2)
        if milliseconds {
            out.append(UInt8(ascii: "."))
            digits(millis, 3)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Instants outside years 1–9999 (never a booking's): Foundation's formatter.
    static func fallback(_ date: Date, milliseconds: Bool) -> String {
        let formatter = ISO8601DateFormatter()
        if milliseconds { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return formatter.string(from: date)
    }
}
