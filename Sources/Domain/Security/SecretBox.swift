import Crypto
import Foundation

/// Encrypts secrets at rest with AES-256-GCM; each sealed value names its key id so keys can be rotated.
public struct SecretBox: Sendable {
    public struct Sealed: Sendable, Equatable {
        public var keyID: String
        /// nonce ‖ ciphertext ‖ tag.
        public var combined: [UInt8]
        public init(keyID: String, combined: [UInt8]) {
            self.keyID = keyID
            self.combined = combined
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownKey(String)
        case corrupted

        public var description: String {
            switch self {
            case .unknownKey(let id):
                "a secret is sealed under key \(id), which neither ENCRYPTION_KEY nor ENCRYPTION_KEYS_PREVIOUS holds: set the key that "
                    + "sealed it in one of them"
            case .corrupted: "a sealed secret does not open (it was altered, or sealed by another key with the same id)"
            }
        }
    }

    public let currentKeyID: String
    private let keys: [String: SymmetricKey]

    /// The first key seals; all of them open, so values sealed under a retired key stay readable until re-sealed.
    public init(current: SymmetricKey, previous: [SymmetricKey] = []) {
        self.currentKeyID = Self.keyID(of: current)
        var keys = [currentKeyID: current]
        for key in previous { keys[Self.keyID(of: key)] = key }
        self.keys = keys
    }

    public var currentKey: SymmetricKey { keys[currentKeyID]! }

    /// Binds the ciphertext to `context` (e.g. a row id) so a sealed value cannot be moved to another row.
    public func seal(_ plaintext: [UInt8], context: String) throws -> Sealed {
        let box = try AES.GCM.seal(plaintext, using: currentKey, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw Failure.corrupted }
        return Sealed(keyID: currentKeyID, combined: Array(combined))
    }

    public func open(_ sealed: Sealed, context: String) throws -> [UInt8] {
        guard let key = keys[sealed.keyID] else { throw Failure.unknownKey(sealed.keyID) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.combined)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw Failure.corrupted
        }
    }

    /// A short public fingerprint of a key: never the key, stable across restarts.
    public static func keyID(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data("receptionist-key-id".utf8) + Data($0)) }
        return Hex.encode(digest.prefix(4))
    }
}
