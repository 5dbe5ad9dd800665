import Foundation
import Synchronization

/// Weekday and month names and the numbers 0–59 in words, read from Foundation's locale data for one language and
/// folded as the caller parser compares them; built once per language.
struct LocaleNames: Sendable {
    var weekdays: [String: Weekday]
    var months: [String: Int]
    var numbers: [String: Int]

    private static let cache = Mutex<[Language: LocaleNames]>([:])

    static func of(_ language: Language) -> LocaleNames {
        if let names = cache.withLock({ $0[language] }) { return names }
        let names = build(language)
        cache.withLock { $0[language] = names }
        return names
    }

    static func build(_ language: Language) -> LocaleNames {
        let formatter = DateFormatter()
        formatter.locale = language.locale
        func fold(_ s: String) -> String { CallerVocabulary.fold(s, language) }
        var weekdays: [String: Weekday] = [:]
        // Foundation lists Sunday first; ISO numbers Monday 1 … Sunday 7.
        let shortOnes = language.isEnglish ? formatter.shortWeekdaySymbols ?? [] : []
        for (index, name) in (formatter.weekdaySymbols ?? []).enumerated() {
            let day = Weekday(rawValue: index == 0 ? 7 : index)!
            weekdays[fold(name)] = day
            if index < shortOnes.count { weekdays[fold(shortOnes[index])] = day }
        }
        if language.isEnglish {
            weekdays["tues"] = .tuesday
            weekdays["thurs"] = .thursday
            weekdays["weds"] = .wednesday
        }
        if language == .portuguese {
            // "sexta" for "sexta-feira": callers drop the "-feira".
            for (name, day) in weekdays where name.hasSuffix(" feira") { weekdays[String(name.dropLast(" feira".count))] = day }
        }
        var months: [String: Int] = [:]
        for (index, name) in (formatter.monthSymbols ?? []).enumerated() { months[fold(name)] = index + 1 }
        let spell = NumberFormatter()
        spell.locale = language.locale
        spell.numberStyle = .spellOut
        let numberWords = Set((0 ... 59).compactMap { spell.string(from: NSNumber(value: $0)).map(fold) })
        // A short month that is also a number ("sept", "dez") is left out: "le sept décembre" is the 7th.
        for (index, name) in (formatter.shortMonthSymbols ?? []).enumerated() where fold(name).count >= 3 && !numberWords.contains(fold(name)) {
            months[fold(name)] = index + 1
        }
        if language.isEnglish { months["sept"] = 9 }
        var numbers: [String: Int] = [:]
        for n in 0 ... 59 {
            if let words = spell.string(from: NSNumber(value: n)) { numbers[fold(words)] = n }
        }
        // The feminine and short forms callers use that the formatter spells otherwise.
        let extra: [Language: [String: Int]] = [
            .portuguese: ["duas": 2, "uma": 1], .spanish: ["una": 1, "un": 1], .italian: ["una": 1, "un": 1], .french: ["une": 1, "un": 1],
            .german: ["ein": 1, "eine": 1],
        ]
        for (word, n) in extra[language] ?? [:] where numbers[word] == nil { numbers[word] = n }
        return LocaleNames(weekdays: weekdays, months: months, numbers: numbers)
    }
}
