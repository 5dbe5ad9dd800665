import Crypto
import Foundation

/// Customers' personal data at rest: sealed with AES-256-GCM under a key derived from `ENCRYPTION_KEY` (the key id
/// travels inside each value, so old keys keep opening after a rotation), and found again through keyed hashes
/// (blind indexes) of the normalised phone number and of name prefixes, so lookups stay in indexed SQL.
public struct PersonalDataVault: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notSealed
        case unknownKey(String)
        case corrupted

        /// One sentence an operator can act on (a command's fatal error prints it).
        public var description: String {
            switch self {
            case .notSealed: "a value expected to be sealed personal data is not sealed"
            case .unknownKey(let id):
                "stored personal data is sealed under key \(id), which neither ENCRYPTION_KEY nor ENCRYPTION_KEYS_PREVIOUS holds: "
                    + "set the key that sealed it (in development it was generated into .local/encryption.key) in one of them"
            case .corrupted: "a sealed personal-data value does not open (it was altered, or sealed by another key with the same id)"
            }
        }
    }

    /// The first byte of every sealed value, so legacy plain values (JSON starts with `{`) are told apart.
    static let version: UInt8 = 0x01
    let box: SecretBox
    /// Index keys, the current one first, each as a keyed HMAC state copied for every index (a booking writes ~17
    /// search tokens: keying a fresh HMAC for each was most of their cost).
    let indexKeys: [HMAC<SHA256>]

    public init(current: SymmetricKey, previous: [SymmetricKey] = []) {
        func derive(_ key: SymmetricKey, _ info: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(info.utf8), outputByteCount: 32)
        }
        self.box = SecretBox(
            current: derive(current, "receptionist personal data v1"),
            previous: previous.map { derive($0, "receptionist personal data v1") })
        self.indexKeys = ([current] + previous).map { HMAC<SHA256>(key: derive($0, "receptionist blind index v1")) }
    }

    public var currentKeyID: String { box.currentKeyID }

    // MARK: sealing

    /// `0x01 ‖ key id (8 ASCII hex) ‖ nonce ‖ ciphertext ‖ tag`; `context` (the table and business) is authenticated,
    /// so a value copied into another business's row does not open.
    public func seal(_ bytes: some Sequence<UInt8>, context: String) throws -> Data {
        let sealed = try box.seal(Array(bytes), context: context)
        return Data([Self.version]) + Data(sealed.keyID.utf8) + Data(sealed.combined)
    }

    public func open(_ data: Data, context: String) throws -> [UInt8] {
        guard Self.isSealed(data), data.count > 9 + 28 else { throw Failure.notSealed }
        let bytes = Array(data)
        let keyID = String(decoding: bytes[1 ..< 9], as: UTF8.self)
        do {
            return try box.open(SecretBox.Sealed(keyID: keyID, combined: Array(bytes[9...])), context: context)
        } catch SecretBox.Failure.unknownKey(let id) {
            throw Failure.unknownKey(id)
        } catch {
            throw Failure.corrupted
        }
    }

    public static func isSealed(_ data: Data) -> Bool { data.first == version }

    /// The key id a sealed value was sealed under (for re-sealing after a rotation).
    public static func keyID(of data: Data) -> String? {
        guard isSealed(data), data.count > 9 else { return nil }
        return String(decoding: Array(data)[1 ..< 9], as: UTF8.self)
    }

    public func sealJSON(_ value: some Encodable, context: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try seal(try encoder.encode(value), context: context)
    }

    public func openJSON<T: Decodable>(_ type: T.Type, _ data: Data, context: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(try open(data, context: context)))
    }

    // MARK: blind indexes

    /// The phone's index under the current key (what a write stores).
    public func phoneIndex(_ businessID: UUID, _ e164: String) -> String {
        mac(indexKeys[0], Self.phoneText(businessID, e164))
    }

    /// The phone's index under every key (what a lookup matches with `= ANY`), so rows written before a rotation are found.
    public func phoneIndexes(_ businessID: UUID, _ e164: String) -> [String] {
        let text = Self.phoneText(businessID, e164)
        return indexKeys.map { mac($0, text) }
    }

    static func phoneText(_ businessID: UUID, _ e164: String) -> String { "phone:\(businessID.uuidString.lowercased()):\(e164)" }

    /// A number's index across businesses, for the one place that must find a business from a number alone: a text
    /// replied to the platform's single sender. Under every key, like `phoneIndexes`; the first is the current one.
    public func platformPhoneIndexes(_ e164: String) -> [String] { indexKeys.map { mac($0, "phone:platform:\(e164)") } }

    /// Search tokens of a customer: every prefix (2–24 letters) of every word of the name, and every ending of 4 or
    /// more digits of the phone, each a keyed hash scoped to the business.
    public func searchTokens(_ businessID: UUID, name: String?, phone: String?) -> [String] {
        let business = businessID.uuidString.lowercased()
        var plain = Set<String>()
        for word in Self.words(name ?? "") {
            let letters = Array(word.prefix(24))
            guard letters.count >= 2 else { continue }
            for length in 2 ... letters.count { plain.insert("n:\(business):" + String(letters[..<length])) }
        }
        let digits = Array((phone ?? "").filter(\.isNumber))
        if digits.count >= 4 {
            for length in 4 ... digits.count { plain.insert("p:\(business):" + String(digits.suffix(length))) }
        }
        return plain.sorted().map { mac(indexKeys[0], $0) }
    }

    /// The tokens a search must all match: each word of a name query (its first 24 letters), or the digits of a
    /// phone-like query (4 or more, matching the end of the number). Nil when nothing in it is searchable.
    public func queryTokens(_ businessID: UUID, _ query: String) -> [String]? {
        let business = businessID.uuidString.lowercased()
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || "+ -().".contains($0) }) {
            let digits = trimmed.filter(\.isNumber)
            return digits.count >= 4 ? [mac(indexKeys[0], "p:\(business):\(digits)")] : nil
        }
        let words = Self.words(trimmed).filter { $0.count >= 2 }
        guard !words.isEmpty else { return nil }
        return words.map { mac(indexKeys[0], "n:\(business):" + String($0.prefix(24))) }
    }

    /// Lower-cased words in canonical composition, so "José" typed with a combining accent finds "José" (ASCII is
    /// its own composition: the usual name skips Foundation's normalisation).
    static func words(_ text: String) -> [String] {
        let composed = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        return composed.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    func mac(_ key: HMAC<SHA256>, _ text: String) -> String {
        var mac = key
        var text = text
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Hex.encode(mac.finalize().prefix(16))
    }
}
