/// An exception to the weekly hours for one local date: closed all day, or open only during special ranges.
public struct DateOverride: Hashable, Sendable {
    public let date: LocalDate
    public let closed: Bool
    public let intervals: [OpeningInterval]
    public let reason: String?

    public init(date: LocalDate, closed: Bool, intervals: [OpeningInterval], reason: String?) throws(ValidationError) {
        if closed, !intervals.isEmpty {
            throw ValidationError(field: "hours", "a closed day cannot have hours; send either closed: true or hours")
        }
        if !closed, intervals.isEmpty {
            throw ValidationError(field: "hours", "give the special hours for this date, or closed: true")
        }
        if let reason, reason.unicodeScalars.count > 200 {
            throw ValidationError(field: "reason", "must be at most 200 characters")
        }
        let sorted = intervals.enumerated().sorted { $0.element.opens < $1.element.opens }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.element.span.lowerBound < a.element.span.upperBound {
            throw ValidationError(field: "hours[\(max(a.offset, b.offset))]", "overlaps hours[\(min(a.offset, b.offset))]")
        }
        self.date = date
        self.closed = closed
        self.intervals = sorted.map(\.element)
        self.reason = reason
    }
}
