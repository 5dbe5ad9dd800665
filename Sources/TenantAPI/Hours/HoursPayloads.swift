import Domain
import Foundation

/// `{"opens": "18:00", "closes": "02:00"}` as the API reads and writes it.
struct IntervalPayload: Codable, Sendable {
    var opens: String
    var closes: String

    init(opens: String, closes: String) {
        self.opens = opens
        self.closes = closes
    }

    init(_ interval: OpeningInterval) {
        self.init(opens: interval.opens.description, closes: interval.closes.description)
    }

    func parse(field: String) throws(ValidationError) -> OpeningInterval {
        try OpeningInterval(opens: opens, closes: closes, field: field)
    }
}

/// The weekly hours document: `{"weekly": {"monday": [{…}], …}}`; a day left out is closed.
struct HoursPayload: Codable, Sendable {
    var weekly: [String: [IntervalPayload]]

    init(_ hours: WeeklyHours) {
        var weekly: [String: [IntervalPayload]] = [:]
        for day in Weekday.allCases { weekly[day.name] = hours.intervals(on: day).map(IntervalPayload.init) }
        self.weekly = weekly
    }

    /// `field` is where this document sits in the request (`hours` on create, empty on PUT /hours).
    func parse(field: String) throws(ValidationError) -> WeeklyHours {
        let field = field.isEmpty ? "weekly" : field + ".weekly"
        var days: [Weekday: [OpeningInterval]] = [:]
        for (name, ranges) in weekly.sorted(by: { $0.key < $1.key }) {
            guard let day = Weekday(name: name) else {
                throw ValidationError(field: "\(field).\(name)", "is not a weekday; use monday … sunday")
            }
            for (index, range) in ranges.enumerated() {
                days[day, default: []].append(try range.parse(field: "\(field).\(day.name)[\(index)]"))
            }
        }
        return try WeeklyHours(days, field: field)
    }
}

/// One date override as the API reads and writes it.
struct DateOverridePayload: Codable, Sendable {
    var date: String
    var closed: Bool?
    var hours: [IntervalPayload]?
    var reason: String?

    init(_ o: DateOverride) {
        self.date = o.date.description
        self.closed = o.closed
        self.hours = o.intervals.map(IntervalPayload.init)
        self.reason = o.reason
    }

    func parse() throws(ValidationError) -> DateOverride {
        let date = try LocalDate(parsing: date, field: "date")
        var intervals: [OpeningInterval] = []
        for (index, range) in (hours ?? []).enumerated() {
            intervals.append(try range.parse(field: "hours[\(index)]"))
        }
        return try DateOverride(date: date, closed: closed ?? intervals.isEmpty, intervals: intervals, reason: reason)
    }
}
