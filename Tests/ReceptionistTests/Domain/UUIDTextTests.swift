import Domain
import Foundation
import Testing

/// `UUIDText` replaces Foundation's C reading and writing of ids on the call path: it must write exactly what
/// `uuidString` writes (in lower case), read every canonical id as `UUID(uuidString:)` does, and nothing else (Foundation on Linux also
/// reads spaces, `+` and `0x` among the digits through `sscanf`).
@Suite struct UUIDTextTests {
    @Test func writesFoundationsText() {
        for _ in 0 ..< 5000 {
            let id = UUID()
            #expect(UUIDText.lowercase(id) == id.uuidString.lowercased())
        }
        let edges = [
            UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
        ]
        for id in edges { #expect(UUIDText.lowercase(id) == id.uuidString.lowercased()) }
    }

    /// Valid ids in both cases and mixed, then each changed: a character replaced (hex, not hex, a hyphen, non-ASCII,
    /// NUL), removed, doubled, a hyphen moved, spaces around, cut, and random short strings.
    @Test func readsWhatFoundationReads() {
        var random = SystemRandomNumberGenerator()
        let pieces: [Character] = Array("0123456789abcdefABCDEFgG-xz {}é€\u{0}\u{1F600}")
        var texts: [String] = ["", "-", String(repeating: "-", count: 36), "00000000-0000-0000-0000-000000000000"]
        for _ in 0 ..< 3000 {
            let id = UUID()
            let text = [
                id.uuidString, id.uuidString.lowercased(),
                String(id.uuidString.map { Bool.random(using: &random) ? Character($0.lowercased()) : $0 }),
            ]
            .randomElement(using: &random)!
            texts.append(text)
            var chars = Array(text)
            let at = Int.random(in: 0 ..< chars.count, using: &random)
            switch Int.random(in: 0 ..< 7, using: &random) {
            case 0: chars[at] = pieces.randomElement(using: &random)!
            case 1: chars.remove(at: at)
            case 2: chars.insert(chars[at], at: at)
            case 3: chars.swapAt(at, [8, 13, 18, 23].randomElement(using: &random)!)
            case 4: chars = [" "] + chars
            case 5: chars = Array(chars.prefix(at))
            default: chars = (0 ..< Int.random(in: 30 ... 40, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            }
            texts.append(String(chars))
        }
        var canonical = 0
        for text in texts {
            let isCanonical = text.wholeMatch(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/) != nil
            if isCanonical { canonical += 1 }
            let expected = isCanonical ? UUID(uuidString: text) : nil
            #expect(UUIDText.parse(text) == expected, "\(text.debugDescription)")
            #expect(UUIDText.parse(Substring(text)) == expected, "\(text.debugDescription)")
            if isCanonical { #expect(expected != nil) }
        }
        // Both kinds were met in numbers.
        #expect(canonical > 3000 && texts.count - canonical > 1000)
    }
}
