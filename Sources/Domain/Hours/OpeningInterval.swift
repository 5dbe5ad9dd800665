/// One opening range on a day; when `closes` is not after `opens` it runs past midnight (18:00–02:00).
public struct OpeningInterval: Hashable, Sendable {
    public let opens: LocalTime
    public let closes: LocalTime

    public init(opens: LocalTime, closes: LocalTime, field: String = "") throws(ValidationError) {
        let prefix = field.isEmpty ? "" : field + "."
        guard opens.minutes < 1440 else {
            throw ValidationError(field: prefix + "opens", "a range cannot open at 24:00")
        }
        guard opens != closes else {
            throw ValidationError(field: prefix + "closes", "closing time equals opening time")
        }
        self.opens = opens
        self.closes = closes
    }

    /// Parses the `{"opens": "HH:MM", "closes": "HH:MM"}` strings of the API.
    public init(opens: String, closes: String, field: String) throws(ValidationError) {
        let o = try LocalTime(parsing: opens, field: field + ".opens")
        let c = try LocalTime(parsing: closes, field: field + ".closes")
        try self.init(opens: o, closes: c, field: field)
    }

    /// True when the range ends on the next calendar day (`closes` 00:00 counts as midnight of the next day).
    public var passesMidnight: Bool { closes.minutes < opens.minutes }

    /// Length in minutes, counting the part after midnight.
    public var durationMinutes: Int {
        closes.minutes > opens.minutes ? closes.minutes - opens.minutes : 1440 - opens.minutes + closes.minutes
    }

    /// Start and end as minutes from the start of its own day; `end` may exceed 1440 for overnight ranges.
    public var span: Range<Int> { opens.minutes ..< opens.minutes + durationMinutes }
}
