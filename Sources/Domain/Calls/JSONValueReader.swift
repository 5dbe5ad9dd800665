/// A strict reader of the plain JSON Retell sends (RFC 8259: objects, arrays, strings with their escapes, integers and
/// decimals of up to 15 digits, true, false, null), into the value `JSONDecoder` gives for the same bytes. Every function
/// call's body is parsed once, and `JSONDecoder` into `JSONValue` (a thrown error per kind tried) was 6–7 % of a
/// check's CPU. Anything else (an exponent, a longer number, a lone surrogate, a repeated key, invalid UTF-8, deep
/// nesting, any error) is not read here: `nil` hands the bytes to `JSONDecoder`, which keeps the last word on them.
extension JSONValue {
    /// The value of `bytes` as `JSONDecoder` reads it, or nil: then ask `JSONDecoder` (errors included).
    public static func read(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONValueReader(bytes: buffer)
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipSpace()
            return reader.index == buffer.count ? value : nil
        }
    }
}

/// The reader's position in the bytes; each function reads one value from there or gives up (nil).
struct JSONValueReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
    static let digits = UInt8(ascii: "0") ... UInt8(ascii: "9")
    /// Deeper than any call's arguments; `JSONDecoder` allows 512 and decides beyond this.
    static let maxDepth = 64
    /// Digits a `Double` holds exactly, so the value cannot depend on how the text is rounded.
    static let maxDigits = 15

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) -> JSONValue? {
        guard depth < Self.maxDepth else { return nil }
        skipSpace()
        guard let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return object(depth)
        case UInt8(ascii: "["): return array(depth)
        case Self.quote: return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), Self.digits: return number()
        default: return nil
        }
    }

    mutating func literal(_ text: StaticString, _ value: JSONValue) -> JSONValue? {
        let length = text.utf8CodeUnitCount
        guard bytes.count - index >= length else { return nil }
        for n in 0 ..< length where bytes[index + n] != text.utf8Start[n] { return nil }
        index += length
        return value
    }

    mutating func object(_ depth: Int) -> JSONValue? {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard current == Self.quote, let key = string() else { return nil }
            skipSpace()
            guard current == Self.colon else { return nil }
            index += 1
            // A repeated key: which one `JSONDecoder` keeps is its business.
            guard let value = value(depth: depth + 1), fields.updateValue(value, forKey: key) == nil else { return nil }
            skipSpace()
            switch current {
            case Self.comma: index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(fields)
            default: return nil
            }
        }
    }

    mutating func array(_ depth: Int) -> JSONValue? {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            guard let value = value(depth: depth + 1) else { return nil }
            items.append(value)
            skipSpace()
            switch current {
            case Self.comma: index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: return nil
            }
        }
    }

    /// A string from its opening quote; its text must be valid UTF-8, with no control character unescaped.
    mutating func string() -> String? {
        index += 1
        var unescaped: [UInt8]?
        var start = index
        while let byte = current {
            switch byte {
            case Self.quote:
                let tail = UnsafeBufferPointer(rebasing: bytes[start ..< index])
                index += 1
                guard var text = unescaped else { return String(validating: tail, as: UTF8.self) }
                text.append(contentsOf: tail)
                return String(validating: text, as: UTF8.self)
            case 0x00 ..< 0x20: return nil
            case Self.backslash:
                var text = unescaped ?? []
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
                guard escape(into: &text) else { return nil }
                unescaped = text
                start = index
            default: index += 1
            }
        }
        return nil
    }

    /// One escape from its backslash: the short ones, or `\uXXXX` outside the surrogates (a pair is left to `JSONDecoder`).
    mutating func escape(into text: inout [UInt8]) -> Bool {
        guard bytes.count - index >= 2 else { return false }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case Self.quote, Self.backslash, UInt8(ascii: "/"): text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            guard bytes.count - index >= 4 else { return false }
            var code: UInt32 = 0
            for byte in bytes[index ..< index + 4] {
                let digit: UInt8
                switch byte {
                case Self.digits: digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return false
                }
                code = code << 4 | UInt32(digit)
            }
            index += 4
            guard let scalar = Unicode.Scalar(code) else { return false }
            text.append(contentsOf: String(Character(scalar)).utf8)
        default: return false
        }
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of at most `maxDigits` digits; an exponent or more digits go to `JSONDecoder`.
    mutating func number() -> JSONValue? {
        let start = index
        var digits = 0
        if current == UInt8(ascii: "-") { index += 1 }
        switch current ?? 0 {
        case UInt8(ascii: "0"):
            index += 1
            digits = 1
        case Self.digits:
            while let byte = current, Self.digits.contains(byte) {
                index += 1
                digits += 1
            }
        default: return nil
        }
        if current == UInt8(ascii: ".") {
            index += 1
            let before = digits
            while let byte = current, Self.digits.contains(byte) {
                index += 1
                digits += 1
            }
            guard digits > before else { return nil }
        }
        guard digits <= Self.maxDigits, current != UInt8(ascii: "e"), current != UInt8(ascii: "E") else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< index]), as: UTF8.self)).map(JSONValue.number)
    }
}
