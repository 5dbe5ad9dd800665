/// The regular week of a business: several ranges per weekday, none overlapping even across midnight.
public struct WeeklyHours: Hashable, Sendable {
    public private(set) var days: [Weekday: [OpeningInterval]]

    /// Validates that no two ranges overlap anywhere in the (cyclic) week, so availability never counts a minute twice.
    public init(_ days: [Weekday: [OpeningInterval]], field: String = "weekly") throws(ValidationError) {
        var sorted: [Weekday: [OpeningInterval]] = [:]
        for (day, ranges) in days where !ranges.isEmpty {
            sorted[day] = ranges.sorted { $0.opens < $1.opens }
        }
        try Self.checkNoOverlap(sorted, field: field)
        self.days = sorted
    }

    public static let closed = try! WeeklyHours([:])

    public func intervals(on day: Weekday) -> [OpeningInterval] { days[day] ?? [] }

    public var isEmpty: Bool { days.isEmpty }

    private static func checkNoOverlap(_ days: [Weekday: [OpeningInterval]], field: String) throws(ValidationError) {
        let week = 7 * 1440
        struct Segment {
            let start: Int
            let end: Int
            let label: String
        }
        var segments: [Segment] = []
        for (day, ranges) in days {
            for (index, range) in ranges.enumerated() {
                let label = "\(field).\(day.name)[\(index)]"
                let start = (day.rawValue - 1) * 1440 + range.opens.minutes
                let end = start + range.durationMinutes
                if end > week {
                    segments.append(Segment(start: start, end: week, label: label))
                    segments.append(Segment(start: 0, end: end - week, label: label))
                } else {
                    segments.append(Segment(start: start, end: end, label: label))
                }
            }
        }
        segments.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        for (a, b) in zip(segments, segments.dropFirst()) where b.start < a.end {
            let later = a.label < b.label ? b.label : a.label
            let other = later == a.label ? b.label : a.label
            throw ValidationError(field: later, "overlaps \(other)")
        }
    }
}
