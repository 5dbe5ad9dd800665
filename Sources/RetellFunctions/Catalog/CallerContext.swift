import Domain
import Foundation
import Synchronization

/// What reading a call's arguments needs beyond their text — the business's today, language and opening hours (to
/// tell 7 AM from 7 PM) — and what the reading understood, echoed in the answer so the agent confirms it with the
/// caller ("Friday, December 4 at 7:30 PM").
final class CallerContext: Sendable {
    let today: LocalDate
    let language: Language
    /// The languages words are read in, in order: the caller's, the business's, English (an agent may pass the caller's
    /// words untranslated, or English ones on a Spanish business).
    let readingLanguages: [Language]
    let kind: BusinessKind
    private let weekly: WeeklyHours?
    private let heard = Mutex<[String: String]>([:])

    init(
        today: LocalDate, language: Language = .englishUS, business: Language? = nil, kind: BusinessKind = .restaurant,
        weekly: WeeklyHours? = nil
    ) {
        self.today = today
        self.language = language
        var order = [language]
        for other in [business ?? language, .englishUS] where !order.contains(other) { order.append(other) }
        self.readingLanguages = order
        self.kind = kind
        self.weekly = weekly
    }

    /// Whether a booking may start at this local minute on some day of the week (unknown hours: always).
    func isOpen(at minutes: Int) -> Bool {
        guard let weekly else { return true }
        return Weekday.allCases.contains { day in
            weekly.intervals(on: day).contains { interval in
                let (opens, closes) = (interval.opens.minutes, interval.closes.minutes)
                return closes > opens ? (opens ..< closes).contains(minutes) : minutes >= opens || minutes < closes
            }
        }
    }

    func record(_ key: String, _ value: String) { heard.withLock { $0[key] = value } }

    /// The understood day and time (machine form and spoken) and any inference, for the answer's `understood`.
    var understood: [String: String] { heard.withLock { $0 } }
}
