import Foundation
import Synchronization

/// Dates and times spoken in a business's language: English keeps `Speech`'s own words (the answers' bytes do not
/// change); other languages take the weekday and month names and their order from the locale's date formatter.
extension Speech {
    private static let formatters = Mutex<[String: DateFormatter]>([:])

    static func formatted(_ date: LocalDate, language: Language, template: String) -> String {
        let key = "\(language.rawValue)|\(template)"
        let instant = Date(timeIntervalSince1970: Double(date.daysSinceEpoch) * 86_400 + 43_200)
        return formatters.withLock { cache in
            let formatter =
                cache[key]
                ?? {
                    let f = DateFormatter()
                    f.locale = language.locale
                    f.timeZone = TimeZone(identifier: "UTC")
                    f.setLocalizedDateFormatFromTemplate(template)
                    cache[key] = f
                    return f
                }()
            return formatter.string(from: instant)
        }
    }

    /// "Viernes", "Freitag": a weekday's name in the language, from the locale's data, capitalised as a list item.
    public static func weekdayName(_ day: Weekday, language: Language) -> String {
        guard !language.isEnglish else { return day.name.capitalized }
        // 2026-11-30 is a Monday: the day's date in that week, formatted.
        let date = LocalDate(year: 2026, month: 11, day: 30)!.adding(days: day.rawValue - 1)
        let name = formatted(date, language: language, template: "EEEE")
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// "viernes, 4 de diciembre", with the year when it is not within the next six months.
    public static func date(_ date: LocalDate, today: LocalDate, language: Language) -> String {
        guard !language.isEnglish else { return Self.date(date, today: today) }
        let withYear = date < today || date > today.adding(days: yearlessDays)
        return formatted(date, language: language, template: withYear ? "EEEEdMMMMy" : "EEEEdMMMM")
    }

    /// "7:30 PM" in English, "19:30" in the other languages (as their clocks and callers say it).
    public static func time(_ minutes: Int, language: Language) -> String {
        guard !language.isEnglish else { return time(minutes) }
        return LocalTime(minutes: minutes % 1440).description
    }

    public static func dateTime(_ date: LocalDate, _ minutes: Int, today: LocalDate, language: Language) -> String {
        guard !language.isEnglish else { return dateTime(date, minutes, today: today) }
        let at =
            switch language {
            case .spanish: minutes / 60 == 1 ? "a la" : "a las"
            case .french: "à"
            case .german: "um"
            case .italian: minutes / 60 == 1 ? "all'" : "alle"
            case .portuguese: minutes / 60 == 1 ? "à" : "às"
            default: "at"
            }
        let time = time(minutes, language: language)
        return "\(Self.date(date, today: today, language: language)) \(at)\(at.hasSuffix("'") ? "" : " ")\(time)"
    }
}
