import Domain
import Foundation
import Testing

@testable import RetellFunctions

/// Text arguments skip Foundation's trim when they are printable ASCII without spaces at their ends: the answer must
/// be what the general path gives for any text, and blank must mean what the trim says.
@Suite struct ArgumentTextTests {
    static func outcome(_ read: () throws -> String?) -> String {
        do { return "value \(String(describing: try read()))" } catch let error as ArgumentError {
            return "error \(error.field): \(error.message)"
        } catch {
            return "other \(error)"
        }
    }

    @Test func shortcutEqualsTheGeneralPath() {
        var random = SystemRandomNumberGenerator()
        let pieces: [Character] = Array("aZ09 -:,.\t\n\r\u{0}\u{1}\u{7f}\u{85}\u{a0}é€\u{2028}\u{1F600}e\u{301}")
        var texts = ["", " ", "a", " a", "a ", "\ta", "2026-12-04", "19:30", String(repeating: "x", count: 100), String(repeating: "x", count: 101)]
        for _ in 0 ..< 4000 {
            let plain = Bool.random(using: &random)
            let length = Int.random(in: 1 ... 12, using: &random)
            texts.append(
                String(
                    (0 ..< length).map { _ in
                        plain ? Character(UnicodeScalar(UInt8.random(in: 0x20 ... 0x7e, using: &random))) : pieces.randomElement(using: &random)!
                    }))
        }
        for text in texts {
            for max in [3, 10, 100] {
                let general = Self.outcome {
                    ArgumentValue.present(.string(text)) == nil ? nil : try ArgumentValue.cleaned(text, "note", max: max)
                }
                #expect(Self.outcome { try ArgumentValue.text(.string(text), "note", max: max) } == general, "\(text.debugDescription) max \(max)")
            }
            #expect(ArgumentValue.isBlank(text) == text.trimmingCharacters(in: .whitespaces).isEmpty, "\(text.debugDescription)")
        }
    }
}
