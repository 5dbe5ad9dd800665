/// A JSON string as Foundation's writers put it (`JSONSerialization` and `JSONEncoder` agree): quotes, backslashes and
/// control characters escaped (`\b \t \n \f \r`, else `\u00xx` in lower case), everything else as its UTF-8 bytes,
/// slashes unescaped. One writer for the bytes that are hashed, stored and compared.
public enum JSONText {
    static let hex = Array("0123456789abcdef".utf8)
    /// The letters of the short escapes of 0x08 (b), 0x09 (t), 0x0A (n), 0x0C (f) and 0x0D (r); 0x0B has none.
    static let escapes = Array("btn?fr".utf8)

    public static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            // Appended byte by byte: an array literal per escape would allocate on this hot path (every answer).
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x08, 0x09, 0x0A, 0x0C, 0x0D:
                out.append(UInt8(ascii: "\\"))
                out.append(escapes[Int(byte - 0x08)])
            case 0x00 ..< 0x20:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// An object of strings, keys in byte order (the options of a booking, written to `jsonb`: only the values matter).
    public static func object(_ fields: [String: String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (n, key) in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, into: &out)
            out.append(UInt8(ascii: ":"))
            quote(fields[key] ?? "", into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    public static func object(_ fields: [String: String]) -> String {
        var out: [UInt8] = []
        object(fields, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
