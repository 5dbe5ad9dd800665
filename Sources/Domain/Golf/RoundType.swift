/// A round a golf course sells: its length decides the last tee time (an 18-hole round must finish before closing),
/// and its rates by time of day decide what the caller is quoted.
public struct RoundType: Hashable, Sendable, Codable {
    /// The caller's words for it, as seed 000 names them.
    public enum Holes: String, Hashable, Sendable, Codable, CaseIterable {
        case nine = "NINE", eighteen = "EIGHTEEN"

        public var count: Int { self == .nine ? 9 : 18 }

        /// "9 holes", as an owner and a caller say it.
        public var spoken: String { "\(count) holes" }
    }

    public var holes: Holes
    /// How long the round takes from the tee time.
    public var minutes: Int
    /// Prices per player from a local time on (the first from 00:00), ascending: a later rate is a twilight rate.
    public var rates: [TeeRate]

    public init(holes: Holes, minutes: Int, rates: [TeeRate]) {
        self.holes = holes
        self.minutes = minutes
        self.rates = rates
    }

    /// The price per player of a round starting at `minutes` past local midnight.
    public func priceCents(at minutes: Int) -> Int? {
        rates.last { $0.fromMinutes <= minutes }?.priceCents
    }

    /// Names the first offending field under `field`.
    func validate(field: String, slotInterval: Int) throws(ValidationError) {
        guard (30 ... 600).contains(minutes), minutes >= slotInterval else {
            throw ValidationError(field: "\(field).minutes", "must be between 30 and 600 and at least the minutes between tee times")
        }
        guard !rates.isEmpty, rates.count <= 4 else { throw ValidationError(field: "\(field).rates", "must list 1 to 4 prices") }
        guard rates[0].fromMinutes == 0 else {
            throw ValidationError(field: "\(field).rates[0].from", "must be 00:00 (the first price applies from opening)")
        }
        for (index, rate) in rates.enumerated() {
            guard (0 ... 10_000_000).contains(rate.priceCents) else {
                throw ValidationError(field: "\(field).rates[\(index)].price_cents", "must be between 0 and 10000000")
            }
            if index > 0, rate.fromMinutes <= rates[index - 1].fromMinutes {
                throw ValidationError(field: "\(field).rates[\(index)].from", "must be later than the previous price's start")
            }
        }
    }

    enum CodingKeys: String, CodingKey { case holes, minutes, rates }
}

/// A price per player from a local time of day on ("twilight from 3 PM: $45").
public struct TeeRate: Hashable, Sendable, Codable {
    public var fromMinutes: Int
    public var priceCents: Int

    public init(fromMinutes: Int, priceCents: Int) {
        self.fromMinutes = fromMinutes
        self.priceCents = priceCents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .from)
        guard let time = try? LocalTime(parsing: text, field: "from"), time.minutes < 1440 else {
            throw DecodingError.dataCorruptedError(forKey: .from, in: c, debugDescription: "from must be HH:MM")
        }
        fromMinutes = time.minutes
        priceCents = try c.decode(Int.self, forKey: .priceCents)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(LocalTime(minutes: fromMinutes).description, forKey: .from)
        try c.encode(priceCents, forKey: .priceCents)
    }

    enum CodingKeys: String, CodingKey {
        case from, priceCents = "price_cents"
    }
}
