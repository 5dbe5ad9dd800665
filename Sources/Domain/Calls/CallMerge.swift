import Foundation

/// Folds Retell's events about one call into one call object, so any delivery order gives the same result:
/// each field keeps the value from the most informative event that carried it (call_analyzed > call_ended > …).
public enum CallMerge {
    /// How much an event knows about the call; later lifecycle events carry the fuller object.
    public static func rank(of event: String) -> Int {
        switch event {
        case "call_analyzed": 6
        case "call_ended": 5
        case "transfer_ended": 4
        case "transfer_bridged", "transfer_cancelled": 3
        case "transfer_started": 2
        case "transcript_updated": 1
        default: 0  // call_started and events not known yet
        }
    }

    /// Merges `incoming` (from an event of `rank`) into `merged`, recording per field the rank it came from.
    /// Equal ranks keep the larger value for strings (a longer transcript wins), so repeats commute too.
    public static func merge(
        _ merged: [String: JSONValue], ranks: [String: Int], incoming: [String: JSONValue], rank: Int
    )
        -> (merged: [String: JSONValue], ranks: [String: Int])
    {
        var merged = merged
        var ranks = ranks
        for (key, value) in incoming {
            if case .null = value { continue }
            let current = ranks[key] ?? Int.min
            if rank > current || (rank == current && value.preferred(over: merged[key])) {
                merged[key] = value
                ranks[key] = rank
            }
        }
        return (merged, ranks)
    }
}

/// A JSON value that keeps everything Retell sends, including fields this code does not know yet.
public indirect enum JSONValue: Equatable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var number: Double? { if case .number(let n) = self { n } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public subscript(key: String) -> JSONValue? { object?[key] }

    /// A deterministic tie-break between two values of the same rank, whatever their types, so merging commutes.
    func preferred(over other: JSONValue?) -> Bool {
        guard let other else { return true }
        switch (self, other) {
        case (.string(let a), .string(let b)): return a.count != b.count ? a.count > b.count : a > b
        case (.number(let a), .number(let b)): return a > b
        default: return canonical > other.canonical
        }
    }

    /// Sorted-keys JSON text: a total order over values of any type.
    var canonical: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
