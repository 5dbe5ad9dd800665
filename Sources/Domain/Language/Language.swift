import Foundation

/// A language the platform answers callers, writes messages and sets up the phone agent in: its BCP 47 tag is Retell's
/// agent language and the `language` a function call may carry.
public enum Language: String, CaseIterable, Sendable, Codable {
    case englishUS = "en-US", englishUK = "en-GB", spanish = "es-ES", french = "fr-FR", german = "de-DE", italian = "it-IT"
    case portuguese = "pt-BR"

    /// Foundation's locale for dates, weekday and month names and numbers in words.
    public var locale: Locale { Locale(identifier: rawValue.replacingOccurrences(of: "-", with: "_")) }

    /// The language's name in English, for the owner's pages and the prompt.
    public var name: String {
        switch self {
        case .englishUS: "English (US)"
        case .englishUK: "English (UK)"
        case .spanish: "Spanish"
        case .french: "French"
        case .german: "German"
        case .italian: "Italian"
        case .portuguese: "Portuguese"
        }
    }

    public var isEnglish: Bool { self == .englishUS || self == .englishUK }

    /// A tag as a caller's function call or an owner writes it: `es`, `es-MX`, `fr_FR`, `English` all find their language.
    public init?(loose text: String) {
        let tag = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-").lowercased()
        if let exact = Language.allCases.first(where: { $0.rawValue.lowercased() == tag }) {
            self = exact
            return
        }
        let base = tag.split(separator: "-").first.map(String.init) ?? tag
        switch base {
        case "en", "english": self = tag.hasSuffix("gb") || tag.hasSuffix("uk") ? .englishUK : .englishUS
        case "es", "spanish", "español", "espanol": self = .spanish
        case "fr", "french", "français", "francais": self = .french
        case "de", "german", "deutsch": self = .german
        case "it", "italian", "italiano": self = .italian
        case "pt", "portuguese", "português", "portugues": self = .portuguese
        default: return nil
        }
    }
}
