import Domain

/// The booking policy as JSON. On input every field is optional: what is sent replaces the current (or default) value.
struct PolicyPayload: Codable, Sendable {
    struct TurnTimePayload: Codable, Sendable {
        var maxPartySize: Int?
        var minutes: Int
    }

    var slotIntervalMinutes: Int?
    var minNoticeMinutes: Int?
    var bookingHorizonDays: Int?
    var minPartySize: Int?
    var maxPartySize: Int?
    var capacity: Tristate<Int> = .absent
    var defaultDurationMinutes: Int?
    var turnTimes: [TurnTimePayload]?

    init(_ p: BookingPolicy) {
        slotIntervalMinutes = p.slotIntervalMinutes
        minNoticeMinutes = p.minNoticeMinutes
        bookingHorizonDays = p.bookingHorizonDays
        minPartySize = p.minPartySize
        maxPartySize = p.maxPartySize
        capacity = p.capacity.map { .value($0) } ?? .null
        defaultDurationMinutes = p.defaultDurationMinutes
        turnTimes = p.turnTimes.map { TurnTimePayload(maxPartySize: $0.maxPartySize, minutes: $0.minutes) }
    }

    enum CodingKeys: String, CodingKey {
        case slotIntervalMinutes, minNoticeMinutes, bookingHorizonDays, minPartySize, maxPartySize, capacity,
            defaultDurationMinutes, turnTimes
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slotIntervalMinutes = try c.decodeIfPresent(Int.self, forKey: .slotIntervalMinutes)
        minNoticeMinutes = try c.decodeIfPresent(Int.self, forKey: .minNoticeMinutes)
        bookingHorizonDays = try c.decodeIfPresent(Int.self, forKey: .bookingHorizonDays)
        minPartySize = try c.decodeIfPresent(Int.self, forKey: .minPartySize)
        maxPartySize = try c.decodeIfPresent(Int.self, forKey: .maxPartySize)
        capacity = try c.tristate(Int.self, forKey: .capacity)
        defaultDurationMinutes = try c.decodeIfPresent(Int.self, forKey: .defaultDurationMinutes)
        turnTimes = try c.decodeIfPresent([TurnTimePayload].self, forKey: .turnTimes)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slotIntervalMinutes, forKey: .slotIntervalMinutes)
        try c.encode(minNoticeMinutes, forKey: .minNoticeMinutes)
        try c.encode(bookingHorizonDays, forKey: .bookingHorizonDays)
        try c.encode(minPartySize, forKey: .minPartySize)
        try c.encode(maxPartySize, forKey: .maxPartySize)
        try c.encode(capacity.applied(to: nil), forKey: .capacity)
        try c.encode(defaultDurationMinutes, forKey: .defaultDurationMinutes)
        try c.encode(turnTimes, forKey: .turnTimes)
    }

    /// The policy with this payload's fields laid over `base`.
    func applied(to base: BookingPolicy) -> BookingPolicy {
        var p = base
        if let v = slotIntervalMinutes { p.slotIntervalMinutes = v }
        if let v = minNoticeMinutes { p.minNoticeMinutes = v }
        if let v = bookingHorizonDays { p.bookingHorizonDays = v }
        if let v = minPartySize { p.minPartySize = v }
        if let v = maxPartySize { p.maxPartySize = v }
        p.capacity = capacity.applied(to: p.capacity)
        if let v = defaultDurationMinutes { p.defaultDurationMinutes = v }
        if let v = turnTimes { p.turnTimes = v.map { TurnTime(maxPartySize: $0.maxPartySize, minutes: $0.minutes) } }
        return p
    }
}
