import Domain
import Foundation

/// The agent's answers written as JSON directly, byte for byte what Foundation writes with sorted keys and unescaped
/// slashes: Foundation's writer boxes every value and sorts keys with a locale-aware comparison, a tenth of a check's
/// CPU in the profile. Only what answers hold is written here (strings, booleans, integers, null, arrays, objects
/// whose keys are lowercase letters and underscores, where byte order is Foundation's order); anything else returns
/// nil and is left to Foundation.
enum AnswerJSON {
    static func encode(_ object: [String: Any]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        return write(object, into: &out) ? out : nil
    }

    static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        switch value {
        case let text as String:
            JSONText.quote(text, into: &out)
        case let flag as Bool:
            out += flag ? Array("true".utf8) : Array("false".utf8)
        case let number as Int:
            out += String(number).utf8
        case let object as [String: Any]:
            let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            guard keys.allSatisfy(plainKey) else { return false }
            out.append(UInt8(ascii: "{"))
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(object[key]!, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (n, element) in array.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull:
            out += "null".utf8
        default:
            return false
        }
        return true
    }

    /// Keys Foundation orders as bytes do (no digits, no capitals, nothing outside ASCII).
    static func plainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
    }
}
