import Crypto
import Foundation

/// A business API key: `rk_<public id>_<secret>`. The public id finds the row; only a SHA-256 of the whole key is stored.
public struct APIKey: Sendable, Equatable {
    public static let prefix = "rk_"
    private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    private static let publicIDLength = 12
    private static let secretLength = 32

    public let publicID: String
    public let secret: String

    /// The full bearer token, shown to the client exactly once.
    public var token: String { "\(Self.prefix)\(publicID)_\(secret)" }
    /// What lists and logs may show: enough to recognise the key, nothing to use it.
    public var displayPrefix: String { "\(Self.prefix)\(publicID)" }
    public var hash: [UInt8] { Self.hash(token: token) }

    /// A new key with 160 bits of secret entropy from the system's CSPRNG.
    public static func generate() -> APIKey {
        var rng = SystemRandomNumberGenerator()
        return APIKey(
            publicID: String((0 ..< publicIDLength).map { _ in alphabet.randomElement(using: &rng)! }),
            secret: String((0 ..< secretLength).map { _ in alphabet.randomElement(using: &rng)! }))
    }

    /// A stable key derived from a server secret, so `receptionist demo` prints the same working key on every run.
    public static func derived(from key: SymmetricKey, label: String) -> APIKey {
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Data(label.utf8), using: key))
        let chars = mac.map { alphabet[Int($0) % alphabet.count] } + mac.reversed().map { alphabet[Int($0 >> 3) % alphabet.count] }
        return APIKey(
            publicID: String(chars[0 ..< publicIDLength]),
            secret: String(chars[publicIDLength ..< (publicIDLength + secretLength)]))
    }

    /// Splits a presented bearer token; nil when it is not shaped like one of ours (then it is not looked up at all).
    public init?(token: String) {
        guard token.hasPrefix(Self.prefix) else { return nil }
        let rest = token.dropFirst(Self.prefix.count)
        let parts = rest.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == Self.publicIDLength, parts[1].count == Self.secretLength,
            rest.allSatisfy({ $0 == "_" || Self.alphabet.contains($0) })
        else { return nil }
        self.publicID = String(parts[0])
        self.secret = String(parts[1])
    }

    private init(publicID: String, secret: String) {
        self.publicID = publicID
        self.secret = secret
    }

    public static func hash(token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }
}
