import Crypto
import Domain
import Foundation

/// Signed function calls written ahead of a run, one per line (`<path>\t<x-retell-signature>\t<body>`), for an
/// outside load generator (wrk with `bench/wrk-presigned.lua`): the figure then owes nothing to our own client.
/// Signatures hold for Retell's five minutes, so a file is written just before its run.
public struct PresignedRequests: Sendable {
    /// What the calls ask: a free time, a taken one (refused with alternatives), or a booking.
    public enum Kind: String, Sendable, CaseIterable {
        /// check_availability at a free afternoon time on one of the next 28 days.
        case checkFree = "check-free"
        /// check_availability at 19:00 on days 3–9, which `scripts/loadtest wrk` fills to capacity beforehand.
        case checkFull = "check-full"
        /// create_booking, each a new call (a new idempotency key), on days 29–120 across the businesses given.
        case create
    }

    public struct Business: Sendable {
        public var id: String
        public var phone: String
        public init(id: String, phone: String) {
            self.id = id
            self.phone = phone
        }
    }

    public var kind: Kind
    public var businesses: [Business]
    public var count: Int
    public var retellKey: String
    public var timeZone = TimeZone(identifier: "America/New_York")!

    public init(kind: Kind, businesses: [Business], count: Int, retellKey: String) {
        self.kind = kind
        self.businesses = businesses
        self.count = count
        self.retellKey = retellKey
    }

    /// The lines, each signed now.
    public func lines() throws -> [String] {
        var random = SystemRandomNumberGenerator()
        let today = ZonedClock(timeZone).today(Date())
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try (0 ..< count).map { n in
            let business = businesses[n % businesses.count]
            let name = kind == .create ? "create_booking" : "check_availability"
            let (days, minutes, party): (ClosedRange<Int>, Int, Int) =
                switch kind {
                case .checkFree: (1 ... 28, 12 * 60 + 15 * Int.random(in: 0 ..< 20, using: &random), 2)
                case .checkFull: (3 ... 9, 19 * 60, 4)
                case .create: (29 ... 120, 11 * 60 + 15 * Int.random(in: 0 ..< 40, using: &random), Int.random(in: 2 ... 6, using: &random))
                }
            var args: [String: Any] = [
                "date": today.adding(days: Int.random(in: days, using: &random)).description,
                "time": String(format: "%02d:%02d", minutes / 60, minutes % 60), "party_size": party,
            ]
            if kind == .create { args["name"] = "Load Caller \(n % 997)" }
            let call: [String: Any] = [
                "call_id": "call_wrk_\(UUID().uuidString.prefix(13))", "from_number": "+1646555\(String(format: "%04d", n % 10_000))",
                "to_number": business.phone, "agent_id": "agent_load", "call_type": "phone_call", "direction": "inbound",
            ]
            let body = try JSONSerialization.data(withJSONObject: ["name": name, "args": args, "call": call], options: [.sortedKeys])
            let signature = RetellSignature.sign(body: Array(body), key: retellKey, timestampMilliseconds: now)
            return "/v1/retell/\(business.id)/functions/\(name)\t\(signature)\t\(String(decoding: body, as: UTF8.self))"
        }
    }
}
