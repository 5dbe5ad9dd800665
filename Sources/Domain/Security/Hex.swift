/// Lower-case hex of bytes without `String(format:)`, which costs about a microsecond a byte on Linux and sits on
/// the call path (signatures, idempotency keys, blind indexes: hundreds of bytes a request).
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
