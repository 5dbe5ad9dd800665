import Foundation

/// UUIDs read and written as text without Foundation's C round trip (`sscanf`/`snprintf` per id): every call reads the
/// business id from its path and writes ids into keys, seals and answers, and the C path was a percent of a call's CPU.
/// Reads the canonical form only: 36 characters, hyphens at 8, 13, 18 and 23, hex digits (either case), as Darwin's
/// `uuid_parse` does. Foundation on Linux reads through `sscanf` and also takes spaces, `+` and `0x` inside the digits
/// (" D96D…" and "+96D…" were ids): such text names no id here.
public enum UUIDText {
    /// The id in lower case: the form the API answers with and PostgreSQL prints.
    public static func lowercase(_ id: UUID) -> String {
        withUnsafeBytes(of: id.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for index in 0 ..< 16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = digits[Int(raw[index] >> 4)]
                    out[at + 1] = digits[Int(raw[index] & 0x0f)]
                    at += 2
                }
                return 36
            }
        }
    }

    /// The id the canonical text names, or nil.
    public static func parse<Text: StringProtocol>(_ text: Text) -> UUID? {
        if let read = text.utf8.withContiguousStorageIfAvailable(parse) { return read }
        var copy = String(text)
        return copy.withUTF8 { parse($0) }
    }

    /// The id the UTF-8 bytes name, or nil.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &raw) { out -> Bool in
            var at = 0
            for index in 0 ..< 16 {
                if at == 8 || at == 13 || at == 18 || at == 23 {
                    guard bytes[at] == UInt8(ascii: "-") else { return false }
                    at += 1
                }
                guard let high = value(bytes[at]), let low = value(bytes[at + 1]) else { return false }
                out[index] = high << 4 | low
                at += 2
            }
            return true
        }
        return ok ? UUID(uuid: raw) : nil
    }

    static let digits = Array("0123456789abcdef".utf8)

    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
