import Crypto
import Foundation
import Testing

@testable import Domain
@testable import Storage

/// The booking path writes its sealed personal fields and blind indexes with its own writers (`JSONText`, a keyed HMAC
/// state copied per index): what they write must be what the rows already stored hold, or old bookings stop being found.
@Suite struct SealedFieldsTests {
    let key = SymmetricKey(size: .bits256)

    /// Each index equals a fresh HMAC-SHA256 under the derived key over the same text, truncated to 16 bytes, under the
    /// current key and a previous one.
    @Test func indexesAreTheKeyedHashesOfTheirText() {
        let previous = SymmetricKey(size: .bits256)
        let vault = PersonalDataVault(current: key, previous: [previous])
        func reference(_ key: SymmetricKey, _ text: String) -> String {
            let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("receptionist blind index v1".utf8), outputByteCount: 32)
            return Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: derived).prefix(16))
        }
        let business = UUID()
        let id = business.uuidString.lowercased()
        #expect(vault.phoneIndexes(business, "+12125550100") == [key, previous].map { reference($0, "phone:\(id):+12125550100") })
        // Twice from the same state: the copies must not share what they hashed.
        #expect(vault.phoneIndex(business, "+12125550100") == reference(key, "phone:\(id):+12125550100"))
        let tokens = vault.searchTokens(business, name: "Ada Lovelace-Byron", phone: "+1 212 555 0100")
        var plain = Set<String>()
        for word in ["ada", "lovelace", "byron"] {
            for length in 2 ... word.count { plain.insert("n:\(id):" + word.prefix(length)) }
        }
        for length in 4 ... 11 { plain.insert("p:\(id):" + "12125550100".suffix(length)) }
        #expect(tokens == plain.sorted().map { reference(key, $0) })
        #expect(vault.queryTokens(business, "lovel") == [reference(key, "n:\(id):lovel")])
    }

    /// ASCII names skip the normalisation and must split and lower-case as the normalised path does; other names are
    /// composed first.
    @Test func wordsOfAsciiAndComposedNames() {
        var random = SystemRandomNumberGenerator()
        let pieces = Array("aZ09 -'.,_\t!Qx")
        for _ in 0 ..< 500 {
            let text = String((0 ..< Int.random(in: 0 ... 20, using: &random)).map { _ in pieces.randomElement(using: &random)! })
            let normalised = text.precomposedStringWithCanonicalMapping.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
            #expect(PersonalDataVault.words(text) == normalised, "\(text)")
        }
        #expect(PersonalDataVault.words("Jose\u{301} Ñuñez") == ["josé", "ñuñez"])
    }

    /// The sealed JSON of a booking's personal fields decodes to the same fields, whatever they hold (absent ones too).
    @Test func personalFieldsJSONDecodesToTheSameFields() throws {
        var random = SystemRandomNumberGenerator()
        var all = ""
        for i in 0 ..< 128 { all.unicodeScalars.append(UnicodeScalar(UInt8(i))) }
        all += "é€😀\u{2028}/"
        func text() -> String? {
            guard Bool.random(using: &random) else { return nil }
            return String((0 ..< Int.random(in: 0 ... 12, using: &random)).map { _ in all.randomElement(using: &random)! })
        }
        for _ in 0 ..< 300 {
            var personal = BookingPersonal(name: text(), phone: text(), email: text(), notes: text())
            if Bool.random(using: &random) {
                personal.intake = Dictionary((0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in (text() ?? "k", text() ?? "") }) { a, _ in a }
            }
            let decoded = try JSONDecoder().decode(BookingPersonal.self, from: Data(personal.json))
            #expect(
                decoded.name == personal.name && decoded.phone == personal.phone && decoded.email == personal.email
                    && decoded.notes == personal.notes && decoded.intake == personal.intake)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let foundation = try JSONSerialization.jsonObject(with: encoder.encode(personal)) as? NSDictionary
            #expect(try JSONSerialization.jsonObject(with: Data(personal.json)) as? NSDictionary == foundation)
        }
    }
}
