import Crypto
import Foundation

/// The OAuth `state`: names the business and a single-use state row, expires within minutes, and is signed with a
/// key derived from ENCRYPTION_KEY, so a forged or altered state is refused before any database lookup.
public struct SignedState: Sendable, Equatable {
    public var stateID: UUID
    public var businessID: UUID
    public var expires: Date

    public init(stateID: UUID, businessID: UUID, expires: Date) {
        self.stateID = stateID
        self.businessID = businessID
        self.expires = expires
    }

    public enum Failure: Error, Equatable { case malformed, forged, expired }

    /// `<state id>.<business id>.<expiry seconds>.<HMAC-SHA256>`, base64url where binary.
    public func encoded(key: SymmetricKey) -> String {
        let body = "\(stateID.uuidString.lowercased()).\(businessID.uuidString.lowercased()).\(Int(expires.timeIntervalSince1970))"
        return body + "." + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: Self.derive(key))))
    }

    public static func decode(_ text: String, key: SymmetricKey, now: Date = Date()) throws(Failure) -> SignedState {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let state = UUID(uuidString: parts[0]), let business = UUID(uuidString: parts[1]),
            let seconds = Int(parts[2]), let mac = Base64URL.decode(parts[3])
        else { throw .malformed }
        let body = parts[0 ... 2].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(body.utf8), using: derive(key)) else { throw .forged }
        let expires = Date(timeIntervalSince1970: Double(seconds))
        guard expires > now else { throw .expired }
        return SignedState(stateID: state, businessID: business, expires: expires)
    }

    /// A key for this purpose only, so a state signature can never stand in for anything else signed with the master key.
    static func derive(_ key: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("receptionist oauth state v1".utf8), outputByteCount: 32)
    }
}
