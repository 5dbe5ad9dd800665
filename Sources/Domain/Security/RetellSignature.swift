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

    /// Checks the header against every configured key (several during a rotation); the body must be the raw bytes received.
    public static func verify(header: String?, body: some Collection<UInt8>, keys: [String], nowMilliseconds: Int64) throws(Failure) {
        guard let header, !header.isEmpty else { throw .missing }
        guard let (timestamp, digest) = parse(header) else { throw .malformed }
        guard abs(nowMilliseconds - timestamp) <= tolerance else { throw .stale }
        var message = Data(body)
        message.append(contentsOf: Array(String(timestamp).utf8))
        for key in keys where !key.isEmpty {
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(key.utf8))))
            if ConstantTime.equals(expected, digest) { return }
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

    /// `^v=(\d+),d=([0-9a-f]{64})$`, decoded.
    static func parse(_ header: String) -> (Int64, [UInt8])? {
        let parts = header.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("v="), parts[1].hasPrefix("d=") else { return nil }
        let v = parts[0].dropFirst(2), d = parts[1].dropFirst(2)
        guard !v.isEmpty, v.count <= 18, v.allSatisfy({ $0.isASCII && $0.isNumber }), let timestamp = Int64(v) else { return nil }
        guard d.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = d.startIndex
        while index < d.endIndex {
            let next = d.index(index, offsetBy: 2)
            let pair = d[index ..< next]
            guard pair.allSatisfy({ ("0" ... "9").contains($0) || ("a" ... "f").contains($0) }), let byte = UInt8(pair, radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return (timestamp, bytes)
    }
}
