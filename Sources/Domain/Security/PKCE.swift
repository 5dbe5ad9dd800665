import Crypto
import Foundation

/// OAuth PKCE (RFC 7636, S256): the verifier stays with us, Google sees only its hash, so a stolen code is useless.
public struct PKCE: Sendable, Equatable {
    public let verifier: String

    public init(verifier: String) { self.verifier = verifier }

    /// 48 random bytes: a 64-character verifier, inside RFC 7636's 43–128.
    public static func generate() -> PKCE {
        var generator = SystemRandomNumberGenerator()
        return PKCE(verifier: Base64URL.encode((0 ..< 48).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }))
    }

    public var challenge: String { Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8)))) }
}

/// base64url without padding (RFC 4648 §5), as OAuth and JWTs use it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
