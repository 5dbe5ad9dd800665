import Domain
import Foundation

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
    var roundTypes: [RoundPayload]?
    var currency: String?
    var intakeQuestions: [IntakePayload]?

    /// A golf round as JSON (the API's key style; the domain's own Codable form is the database's).
    struct RoundPayload: Codable, Sendable {
        struct Rate: Codable, Sendable {
            var from: String
            var priceCents: Int
        }
        var holes: RoundType.Holes
        var minutes: Int
        var rates: [Rate]
    }

    struct IntakePayload: Codable, Sendable {
        var key: String
        var label: String
        var kind: IntakeQuestion.Kind
        var choices: [String]?
        var required: Bool?
    }

    init(_ p: BookingPolicy) {
        roundTypes = p.roundTypes.map { r in
            RoundPayload(
                holes: r.holes, minutes: r.minutes,
                rates: r.rates.map { .init(from: LocalTime(minutes: $0.fromMinutes).description, priceCents: $0.priceCents) })
        }
        currency = p.currency
        intakeQuestions = p.intakeQuestions.map {
            IntakePayload(key: $0.key, label: $0.label, kind: $0.kind, choices: $0.choices, required: $0.required)
        }
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
            defaultDurationMinutes, turnTimes, roundTypes, currency, intakeQuestions
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
        roundTypes = try c.decodeIfPresent([RoundPayload].self, forKey: .roundTypes)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        intakeQuestions = try c.decodeIfPresent([IntakePayload].self, forKey: .intakeQuestions)
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
        try c.encode(roundTypes, forKey: .roundTypes)
        try c.encode(currency, forKey: .currency)
        try c.encode(intakeQuestions, forKey: .intakeQuestions)
    }

    /// The policy with this payload's fields laid over `base`; a rate's start that is not HH:MM is refused by its field.
    func applied(to base: BookingPolicy) throws(ValidationError) -> BookingPolicy {
        var p = base
        if let rounds = roundTypes {
            var parsed: [RoundType] = []
            for (i, r) in rounds.enumerated() {
                var rates: [TeeRate] = []
                for (j, rate) in r.rates.enumerated() {
                    let from = try LocalTime(parsing: rate.from, field: "policy.round_types[\(i)].rates[\(j)].from")
                    rates.append(TeeRate(fromMinutes: from.minutes % 1440, priceCents: rate.priceCents))
                }
                parsed.append(RoundType(holes: r.holes, minutes: r.minutes, rates: rates))
            }
            p.roundTypes = parsed
        }
        if let v = currency { p.currency = v }
        if let v = intakeQuestions {
            p.intakeQuestions = v.map {
                IntakeQuestion(
                    key: $0.key, label: $0.label.trimmingCharacters(in: .whitespacesAndNewlines), kind: $0.kind,
                    choices: ($0.choices ?? []).map { $0.trimmingCharacters(in: .whitespaces) },
                    required: $0.required ?? false)
            }
        }
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
