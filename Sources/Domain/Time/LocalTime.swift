/// A wall-clock time of day in a business's zone, as minutes since local midnight (0 ... 1440).
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init(minutes: Int) {
        precondition((0 ... 1440).contains(minutes))
        self.minutes = minutes
    }

    /// Parses `HH:MM` (24-hour); `24:00` is accepted as the end of the day.
    public init(parsing text: String, field: String) throws(ValidationError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
            (0 ... 24).contains(hour), (0 ... 59).contains(minute), hour < 24 || minute == 0
        else {
            throw ValidationError(field: field, "'\(text)' is not a time in HH:MM 24-hour form")
        }
        self.minutes = hour * 60 + minute
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// `HH:MM`, the form the API reads and writes.
    public var description: String {
        let h = hour < 10 ? "0\(hour)" : "\(hour)"
        let m = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(h):\(m)"
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }
}
