import Foundation

/// How long a party of up to `maxPartySize` guests keeps its table; `nil` covers every larger party.
public struct TurnTime: Hashable, Sendable {
    public var maxPartySize: Int?
    public var minutes: Int

    public init(maxPartySize: Int?, minutes: Int) {
        self.maxPartySize = maxPartySize
        self.minutes = minutes
    }
}

/// The per-business rules availability is computed from; validated as a whole so the engine can trust it.
public struct BookingPolicy: Hashable, Sendable {
    /// Distance between offered start times.
    public var slotIntervalMinutes: Int
    /// How soon before its start a booking may still be made.
    public var minNoticeMinutes: Int
    /// How many days ahead bookings open.
    public var bookingHorizonDays: Int
    public var minPartySize: Int
    public var maxPartySize: Int
    /// Restaurant: covers seated at once. Tee times: players per slot. Appointments: unused (staff decide).
    public var capacity: Int?
    /// Length of a booking when no turn time or service says otherwise.
    public var defaultDurationMinutes: Int
    /// Restaurant turn times by party size, ascending; the last entry may leave `maxPartySize` open.
    public var turnTimes: [TurnTime]
    /// Golf: the rounds sold (length and prices); empty keeps a tee time as long as its interval, unpriced.
    public var roundTypes: [RoundType]
    /// ISO 4217 code of the prices.
    public var currency: String
    /// What every booking must also carry (seed 004's company and inquiry), asked by the agent.
    public var intakeQuestions: [IntakeQuestion]

    public init(
        slotIntervalMinutes: Int, minNoticeMinutes: Int, bookingHorizonDays: Int,
        minPartySize: Int, maxPartySize: Int, capacity: Int?, defaultDurationMinutes: Int, turnTimes: [TurnTime],
        roundTypes: [RoundType] = [], currency: String = "USD", intakeQuestions: [IntakeQuestion] = []
    ) {
        self.roundTypes = roundTypes
        self.currency = currency
        self.intakeQuestions = intakeQuestions
        self.slotIntervalMinutes = slotIntervalMinutes
        self.minNoticeMinutes = minNoticeMinutes
        self.bookingHorizonDays = bookingHorizonDays
        self.minPartySize = minPartySize
        self.maxPartySize = maxPartySize
        self.capacity = capacity
        self.defaultDurationMinutes = defaultDurationMinutes
        self.turnTimes = turnTimes
    }

    /// Sensible starting rules per kind, so onboarding needs only what differs.
    public static func defaults(for kind: BusinessKind) -> BookingPolicy {
        switch kind {
        case .restaurant:
            BookingPolicy(
                slotIntervalMinutes: 15, minNoticeMinutes: 60, bookingHorizonDays: 60,
                minPartySize: 1, maxPartySize: 8, capacity: 40, defaultDurationMinutes: 90,
                turnTimes: [
                    TurnTime(maxPartySize: 2, minutes: 75), TurnTime(maxPartySize: 4, minutes: 90),
                    TurnTime(maxPartySize: nil, minutes: 120),
                ])
        case .appointments:
            BookingPolicy(
                slotIntervalMinutes: 15, minNoticeMinutes: 120, bookingHorizonDays: 60,
                minPartySize: 1, maxPartySize: 1, capacity: nil, defaultDurationMinutes: 30, turnTimes: [])
        case .teeTimes:
            BookingPolicy(
                slotIntervalMinutes: 10, minNoticeMinutes: 60, bookingHorizonDays: 14,
                minPartySize: 1, maxPartySize: 4, capacity: 4, defaultDurationMinutes: 10, turnTimes: [])
        }
    }

    /// Checks every rule and names the first offending field under `policy.`.
    public func validate(for kind: BusinessKind) throws(ValidationError) {
        func fail(_ field: String, _ message: String) -> ValidationError {
            ValidationError(field: "policy.\(field)", message)
        }
        guard (5 ... 240).contains(slotIntervalMinutes), 1440 % slotIntervalMinutes == 0 else {
            throw fail("slot_interval_minutes", "must be between 5 and 240 and divide a day evenly (5, 10, 15, 20, 30, 60, …)")
        }
        guard (0 ... (60 * 24 * 30)).contains(minNoticeMinutes) else {
            throw fail("min_notice_minutes", "must be between 0 and 43200 (30 days)")
        }
        guard (1 ... 730).contains(bookingHorizonDays) else {
            throw fail("booking_horizon_days", "must be between 1 and 730")
        }
        guard (1 ... 500).contains(minPartySize) else { throw fail("min_party_size", "must be between 1 and 500") }
        guard (minPartySize ... 1000).contains(maxPartySize) else {
            throw fail("max_party_size", "must be at least min_party_size (\(minPartySize)) and at most 1000")
        }
        guard (5 ... 1440).contains(defaultDurationMinutes) else {
            throw fail("default_duration_minutes", "must be between 5 and 1440")
        }
        switch kind {
        case .restaurant, .teeTimes:
            guard let capacity else { throw fail("capacity", "is required for a \(kind.rawValue) business") }
            guard (1 ... 10_000).contains(capacity) else { throw fail("capacity", "must be between 1 and 10000") }
            guard maxPartySize <= capacity else {
                throw fail("max_party_size", "cannot exceed capacity (\(capacity))")
            }
        case .appointments:
            if let capacity, !(1 ... 10_000).contains(capacity) {
                throw fail("capacity", "must be between 1 and 10000")
            }
        }
        var previous = 0
        for (index, turn) in turnTimes.enumerated() {
            guard (5 ... 1440).contains(turn.minutes) else {
                throw fail("turn_times[\(index)].minutes", "must be between 5 and 1440")
            }
            if let max = turn.maxPartySize {
                guard max > previous else {
                    throw fail("turn_times[\(index)].max_party_size", "must be larger than the previous entry's")
                }
                previous = max
            } else if index != turnTimes.count - 1 {
                throw fail("turn_times[\(index)].max_party_size", "only the last entry may leave max_party_size open")
            }
        }
        if !roundTypes.isEmpty, kind != .teeTimes { throw fail("round_types", "only a golf course sells rounds") }
        for (index, round) in roundTypes.enumerated() {
            try round.validate(field: "policy.round_types[\(index)]", slotInterval: slotIntervalMinutes)
            if roundTypes[..<index].contains(where: { $0.holes == round.holes }) {
                throw fail("round_types[\(index)].holes", "is listed twice")
            }
        }
        try Price.validateCurrency(currency, field: "policy.currency")
        try IntakeRules.validate(intakeQuestions, field: "policy.intake_questions")
    }

    /// The round a golfer gets: the one named, else the longest sold (no round is started too late to finish).
    /// Nil when the course sells no round types; a name it does not sell is `unknownRound`.
    public func round(_ holes: String?) -> Result<RoundType?, Refusal> {
        guard !roundTypes.isEmpty else { return .success(nil) }
        guard let holes else { return .success(roundTypes.max { $0.minutes < $1.minutes }) }
        guard let round = roundTypes.first(where: { $0.holes.rawValue.caseInsensitiveCompare(holes) == .orderedSame }) else {
            return .failure(.unknownRound(known: roundTypes.map(\.holes.spoken)))
        }
        return .success(round)
    }

    /// Minutes a party of this size stays: the first turn time that fits, else the default duration.
    public func stayMinutes(partySize: Int) -> Int {
        turnTimes.first { $0.maxPartySize.map { partySize <= $0 } ?? true }?.minutes ?? defaultDurationMinutes
    }
}
