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

    /// Each kind is tried in turn and a mismatch costs a thrown error, so the commonest come first: strings, then
    /// objects (the decoder never turns one kind into another, so the order changes no value, only the cost).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o)
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else {
            self = .array(try c.decode([JSONValue].self))
        }
    }

    /// The bytes `JSONEncoder` writes with sorted keys and unescaped slashes, written directly (the agent's arguments
    /// are hashed and stored this way on every function call; the encoder boxes every value).
    public var sortedJSON: Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return Data(out)
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += b ? Array("true".utf8) : Array("false".utf8)
        case .number(let n):
            // `JSONEncoder` writes a double's description without a trailing ".0".
            let text = n.description
            out += (text.hasSuffix(".0") ? String(text.dropLast(2)) : text).utf8
        case .string(let s): JSONText.quote(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            // By UTF-8 bytes, as `JSONEncoder` sorts (not by Swift's canonical string order: "e\u{301}" before "z").
            for (i, key) in o.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                o[key]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
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
