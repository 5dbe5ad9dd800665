import Domain
import Foundation
import Testing

/// The agent's arguments are hashed (idempotency) and stored as `JSONValue.sortedJSON`: it must be `JSONEncoder`'s
/// bytes exactly, for every kind of value and key; and decoding reads each kind as itself whatever order it tries.
@Suite struct JSONValueTests {
    @Test func sortedJSONIsJSONEncodersBytes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var all = ""
        for i in 0 ..< 128 { all.unicodeScalars.append(UnicodeScalar(UInt8(i))) }
        let numbers: [Double] = [0, -0.0, 2, -7, 0.5, 100, 4e15, 9_007_199_254_740_993, 1e21, 1e-7, 3.14159, 1e300, -2.5e-300, 123_456.789]
        let keys = ["a", "Z", "z10", "z2", "a_b", "ab", "é", "e\u{301}", "ключ", "😀", "", "party_size"]
        var random = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0 ..< (depth > 2 ? 4 : 6), using: &random) {
            case 0: return Bool.random(using: &random) ? .bool(true) : .null
            case 1: return .number(numbers.randomElement(using: &random)!)
            case 2:
                return .string(
                    String((0 ..< Int.random(in: 0 ... 10, using: &random)).map { _ in (all + "é€😀\u{2028}").randomElement(using: &random)! }))
            case 3: return .bool(false)
            case 4: return .array((0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in value(depth + 1) })
            default:
                return .object(
                    Dictionary((0 ..< Int.random(in: 0 ... 5, using: &random)).map { _ in (keys.randomElement(using: &random)!, value(depth + 1)) }) {
                        a, _ in a
                    })
            }
        }
        for _ in 0 ..< 400 {
            let object = JSONValue.object(
                Dictionary((0 ..< Int.random(in: 0 ... 6, using: &random)).map { _ in (keys.randomElement(using: &random)!, value(0)) }) { a, _ in a }
            )
            #expect(object.sortedJSON == (try encoder.encode(object)), "\(String(decoding: object.sortedJSON, as: UTF8.self))")
        }
        #expect(JSONValue.string(all).sortedJSON == (try encoder.encode(JSONValue.string(all))))
    }

    @Test func eachKindDecodesAsItself() throws {
        let json = #"{"s":"x","n":1,"f":1.5,"t":true,"b":false,"z":null,"a":[1,"2",false,null,{"k":[]}],"o":{"k":"v"},"e":"","zero":0}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(
            value
                == .object([
                    "s": .string("x"), "n": .number(1), "f": .number(1.5), "t": .bool(true), "b": .bool(false), "z": .null,
                    "a": .array([.number(1), .string("2"), .bool(false), .null, .object(["k": .array([])])]), "o": .object(["k": .string("v")]),
                    "e": .string(""), "zero": .number(0),
                ]))
    }
}
