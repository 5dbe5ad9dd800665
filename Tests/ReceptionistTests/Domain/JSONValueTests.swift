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

    /// `JSONValue.read` must give `JSONDecoder`'s value, bit for bit, for whatever it reads, and leave to `JSONDecoder`
    /// (nil) whatever it does not: hand-picked edges, random documents written with random spacing and escapes, and
    /// those documents cut short or with a byte changed.
    @Test func readGivesJSONDecodersValueOrLeavesItToIt() throws {
        func decoder(_ bytes: [UInt8]) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }
        var read = 0
        func same(_ bytes: [UInt8]) {
            guard let ours = JSONValue.read(bytes) else { return }
            read += 1
            let theirs = decoder(bytes)
            #expect(theirs == ours && theirs?.sortedJSON == ours.sortedJSON, "\(String(decoding: bytes, as: UTF8.self))")
        }
        let edges = [
            #"{}"#, #"[]"#, #" {"a" : [ 1 , -0 , 0.5 , -12.25 , 123456789012345 , 1234567890123456 ] } "#, #"{"a":1e3}"#, #"{"a":01}"#,
            #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":-}"#, #"{"a":+1}"#, #"{"a":"\u00e9\u20ac\ud83d\ude00"}"#, #"{"a":"\ud83d"}"#,
            #"{"a":"\u0000\u001f\/\b\f\n\r\t\"\\"}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, "{\"a\":\"\t\"}", #"{"a":1,"a":2}"#,
            #"{"a":1,}"#, #"[1,]"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":true}x"#, "\u{feff}{}", #""x""#, "7",
            "null", #"{"é":"😀"}"#, String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        ]
        for edge in edges { same(Array(edge.utf8)) }
        same([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])  // invalid UTF-8 in a string
        same([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D])  // an encoded surrogate
        #expect(JSONValue.read(Array(#"{"a":[1,"b",{"c":null}],"d":true}"#.utf8)) != nil, "plain JSON is read here")

        var random = SystemRandomNumberGenerator()
        var all = ""
        for i in 0 ..< 128 { all.unicodeScalars.append(UnicodeScalar(UInt8(i))) }
        let characters = Array(all + "é€😀\u{2028}ключ")
        let spaces = ["", " ", "\n", "\t", "\r\n  "]
        func space() -> String { spaces.randomElement(using: &random)! }
        func string() -> String {
            var out = "\""
            for _ in 0 ..< Int.random(in: 0 ... 8, using: &random) {
                let c = characters.randomElement(using: &random)!
                let scalar = c.unicodeScalars.first!.value
                if c == "\"" || c == "\\" || scalar < 0x20 || Bool.random(using: &random) && scalar < 0x10000 && scalar > 0x7f {
                    out += Bool.random(using: &random) || scalar >= 0x80 ? String(format: "\\u%04x", scalar) : "\\" + (c == "\"" ? "\"" : "\\")
                    if scalar < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) || Bool.random(using: &random) { continue }
                } else {
                    out.append(c)
                }
            }
            return out + "\""
        }
        func number() -> String {
            let sign = Bool.random(using: &random) ? "-" : ""
            let whole = Bool.random(using: &random) ? "0" : String(Int.random(in: 1 ... 999_999_999, using: &random))
            let fraction = Bool.random(using: &random) ? "" : "." + String(Int.random(in: 0 ... 99_999_999, using: &random))
            return sign + whole + fraction
        }
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0 ..< (depth > 3 ? 4 : 6), using: &random) {
            case 0: return ["true", "false", "null"].randomElement(using: &random)!
            case 1: return number()
            case 2, 3: return string()
            case 4:
                return "[" + (0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in space() + value(depth + 1) + space() }.joined(separator: ",")
                    + "]"
            default:
                let fields = (0 ..< Int.random(in: 0 ... 4, using: &random)).map { _ in
                    space() + string() + space() + ":" + space() + value(depth + 1)
                }
                return "{" + fields.joined(separator: ",") + space() + "}"
            }
        }
        for _ in 0 ..< 1_500 {
            let document = Array((space() + "{" + "\"args\":" + value(0) + "," + space() + "\"name\":" + string() + "}" + space()).utf8)
            same(document)
            same(Array(document.prefix(Int.random(in: 0 ..< document.count, using: &random))))
            var changed = document
            changed[Int.random(in: 0 ..< changed.count, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
            same(changed)
        }
        #expect(read > 1_500, "most documents are read here, not left to JSONDecoder")
    }
}
