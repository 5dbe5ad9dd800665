import Crypto
import Foundation

/// Verifies `x-retell-signature: v=<ms>,d=<hex>` = HMAC-SHA256(api key, raw body + decimal ms), as Retell's SDKs do.
/// Shared by the custom-function routes and the webhooks, so there is one implementation of the rule.
public enum RetellSignature {
    public enum Failure: Error, Equatable, Sendable {
        case missing
        case malformed
        case stale
        case mismatch
    }

    /// Retell's tolerance: a signature more than five minutes from now is refused (replays).
    public static let tolerance: Int64 = 5 * 60 * 1000

    /// The configured API keys (several during a rotation), each keyed into an HMAC once: keying hashed two blocks per
    /// key on every request. Empty keys are left out.
    public struct Keys: Sendable, ExpressibleByArrayLiteral {
        let keyed: [HMAC<SHA256>]

        public init(_ keys: [String]) {
            keyed = keys.filter { !$0.isEmpty }.map { HMAC<SHA256>(key: SymmetricKey(data: Data($0.utf8))) }
        }

        public init(arrayLiteral keys: String...) { self.init(keys) }
    }

    /// Checks the header against every configured key; the body must be the raw bytes received.
    public static func verify(header: String?, body: some Collection<UInt8>, keys: Keys, nowMilliseconds: Int64) throws(Failure) {
        guard let header, !header.isEmpty else { throw .missing }
        guard let (timestamp, digest) = parse(header) else { throw .malformed }
        guard abs(nowMilliseconds - timestamp) <= tolerance else { throw .stale }
        let stamp = Array(String(timestamp).utf8)
        for key in keys.keyed {
            var mac = key
            // The received bytes hashed where they lie (they were copied into a `Data` with the stamp before).
            let hashed = body.withContiguousStorageIfAvailable { mac.update(data: UnsafeRawBufferPointer($0)) }
            if hashed == nil { mac.update(data: Array(body)) }
            mac.update(data: stamp)
            if ConstantTime.equals(Array(mac.finalize()), digest) { return }
        }
        throw .mismatch
    }

    /// The header value for a body, for tests, the load generator and fakes.
    public static func sign(body: some Collection<UInt8>, key: String, timestampMilliseconds: Int64) -> String {
        var message = Data(body)
        message.append(contentsOf: Array(String(timestampMilliseconds).utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(key.utf8)))
        return "v=\(timestampMilliseconds),d=" + Hex.encode(mac)
    }

    /// `^v=(\d{1,18}),d=([0-9a-f]{64})$`, decoded. Read as UTF-8 bytes: a valid header is ASCII, anything else is
    /// refused the same, and reading it as characters (grapheme by grapheme) was a fiftieth of a check's CPU.
    static func parse(_ header: String) -> (Int64, [UInt8])? {
        let bytes = Array(header.utf8)
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")), !bytes[(comma + 1)...].contains(UInt8(ascii: ",")) else { return nil }
        let v = bytes[..<comma], d = bytes[(comma + 1)...]
        guard v.starts(with: "v=".utf8), d.starts(with: "d=".utf8) else { return nil }
        let digits = v.dropFirst(2), hex = d.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        let timestamp = digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        guard hex.count == 64 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
            digest.append(high << 4 | low)
            index += 2
        }
        return (timestamp, digest)
    }
}
