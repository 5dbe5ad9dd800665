import Crypto
import Domain
import Foundation

/// Signed function calls written ahead of a run, one per line (`<path>\t<x-retell-signature>\t<body>`), for an
/// outside load generator (wrk with `bench/wrk-presigned.lua`): the figure then owes nothing to our own client.
/// Signatures hold for Retell's five minutes, so a file is written just before its run.
public struct PresignedRequests: Sendable {
    /// What the calls ask: a free time, a taken one (refused with alternatives), a booking, or (with `codes`) a
    /// booking found, moved or cancelled.
    public enum Kind: String, Sendable, CaseIterable {
        /// check_availability at a free afternoon time on one of the next 28 days.
        case checkFree = "check-free"
        /// check_availability at 19:00 on days 3–9, which `scripts/loadtest wrk` fills to capacity beforehand.
        case checkFull = "check-full"
        /// create_booking, each a new call (a new idempotency key), on days 29–89 (the load businesses book 90 days ahead)
        /// across the businesses given.
        case create
        /// find_booking by confirmation code, cycling through `codes`.
        case find
        /// modify_booking of each of `codes` in turn to another time of its day (11:00–20:45; a full one is refused).
        case modify
        /// cancel_booking of each of `codes` in turn (a line sent again past the last is a replay: its stored answer).
        case cancel

        /// The function the calls name.
        var function: String {
            switch self {
            case .checkFree, .checkFull: "check_availability"
            case .create: "create_booking"
            case .find: "find_booking"
            case .modify: "modify_booking"
            case .cancel: "cancel_booking"
            }
        }

        /// The kinds that act on existing bookings (`codes`).
        public var needsCodes: Bool { [.find, .modify, .cancel].contains(self) }
    }

    /// A booking to find, move or cancel: its business and confirmation code.
    public struct Code: Sendable {
        public var businessID: String
        public var code: String
        public init(businessID: String, code: String) {
            self.businessID = businessID
            self.code = code
        }
    }

    public struct Business: Sendable {
        public var id: String
        public var phone: String
        public init(id: String, phone: String) {
            self.id = id
            self.phone = phone
        }
    }

    /// `--presign find|modify|cancel` without bookings to name.
    public struct MissingCodes: Error, CustomStringConvertible {
        public var description: String { "find, modify and cancel need --codes (lines '<business id> <code>')" }
    }

    public var kind: Kind
    public var businesses: [Business]
    public var count: Int
    public var retellKey: String
    /// For `find`, `modify` and `cancel`: the bookings they name, in order.
    public var codes: [Code]
    public var timeZone = TimeZone(identifier: "America/New_York")!

    public init(kind: Kind, businesses: [Business], count: Int, retellKey: String, codes: [Code] = []) {
        self.kind = kind
        self.businesses = businesses
        self.count = count
        self.retellKey = retellKey
        self.codes = codes
    }

    /// The lines, each signed now.
    public func lines() throws -> [String] {
        var random = SystemRandomNumberGenerator()
        let today = ZonedClock(timeZone).today(Date())
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if kind.needsCodes && codes.isEmpty { throw MissingCodes() }
        let phones = Dictionary(businesses.map { ($0.id, $0.phone) }) { first, _ in first }
        return try (0 ..< count).map { n in
            var business = businesses[n % businesses.count]
            let name = kind.function
            var args: [String: Any]
            if kind.needsCodes {
                let booking = codes[n % codes.count]
                business = Business(id: booking.businessID, phone: phones[booking.businessID] ?? business.phone)
                args = ["confirmation_code": booking.code]
                if kind == .modify {
                    let minutes = 11 * 60 + 15 * Int.random(in: 0 ..< 40, using: &random)
                    args["time"] = String(format: "%02d:%02d", minutes / 60, minutes % 60)
                }
            } else {
                let (days, minutes, party): (ClosedRange<Int>, Int, Int) =
                    switch kind {
                    case .checkFull: (3 ... 9, 19 * 60, 4)
                    case .create: (29 ... 89, 11 * 60 + 15 * Int.random(in: 0 ..< 40, using: &random), Int.random(in: 2 ... 6, using: &random))
                    default: (1 ... 28, 12 * 60 + 15 * Int.random(in: 0 ..< 20, using: &random), 2)
                    }
                args = [
                    "date": today.adding(days: Int.random(in: days, using: &random)).description,
                    "time": String(format: "%02d:%02d", minutes / 60, minutes % 60), "party_size": party,
                ]
                if kind == .create { args["name"] = "Load Caller \(n % 997)" }
            }
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
