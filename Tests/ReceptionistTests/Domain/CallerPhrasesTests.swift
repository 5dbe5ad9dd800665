import Domain
import Foundation
import Testing

/// Caller phrases × languages × "today" (a Sunday that is also New York's clock change, the last day of a month, the
/// last day of a year): the day and the time each resolves to, and the ambiguous ones answered with choices.
@Suite struct CallerPhrasesTests {
    static func d(_ s: String) -> LocalDate { try! LocalDate(parsing: s, field: "d") }

    struct DateCase: Sendable, CustomTestStringConvertible {
        let language: Language, today: String, said: String, expected: [String]
        var testDescription: String { "\(language.rawValue) \(today) “\(said)” → \(expected)" }
    }

    static let dates: [DateCase] = [
        // Sunday 2026-11-01 (the clocks go back in New York that night… and morning).
        .init(language: .englishUS, today: "2026-11-01", said: "tomorrow", expected: ["2026-11-02"]),
        .init(language: .englishUS, today: "2026-11-01", said: "day after tomorrow", expected: ["2026-11-03"]),
        .init(language: .englishUS, today: "2026-11-01", said: "Friday", expected: ["2026-11-06"]),
        .init(language: .englishUS, today: "2026-11-01", said: "next friday", expected: ["2026-11-06"]),
        .init(language: .englishUS, today: "2026-11-01", said: "sunday", expected: ["2026-11-01", "2026-11-08"]),
        .init(language: .englishUS, today: "2026-11-01", said: "this weekend", expected: ["2026-11-01"]),
        .init(language: .englishUS, today: "2026-11-01", said: "next weekend", expected: ["2026-11-07", "2026-11-08"]),
        .init(language: .englishUS, today: "2026-11-01", said: "in 2 weeks", expected: ["2026-11-15"]),
        .init(language: .englishUS, today: "2026-11-01", said: "in two weeks", expected: ["2026-11-15"]),
        .init(language: .englishUS, today: "2026-11-01", said: "in a week", expected: ["2026-11-08"]),
        .init(language: .englishUS, today: "2026-11-01", said: "tonight", expected: ["2026-11-01"]),
        .init(language: .englishUS, today: "2026-11-01", said: "December 4", expected: ["2026-12-04"]),
        .init(language: .englishUS, today: "2026-11-01", said: "dec 4th", expected: ["2026-12-04"]),
        .init(language: .englishUS, today: "2026-11-01", said: "the 4th", expected: ["2026-11-04"]),
        .init(language: .englishUS, today: "2026-11-01", said: "the 1st", expected: ["2026-11-01", "2026-12-01"]),
        .init(language: .englishUS, today: "2026-11-01", said: "12/4", expected: ["2026-12-04"]),
        .init(language: .englishUK, today: "2026-11-01", said: "4/12", expected: ["2026-12-04"]),
        .init(language: .englishUS, today: "2026-11-01", said: "friday the 6th", expected: ["2026-11-06"]),
        .init(language: .englishUS, today: "2026-11-01", said: "friday the 7th", expected: ["2026-11-06", "2026-11-07"]),
        .init(language: .englishUS, today: "2026-11-01", said: "2026-11-20", expected: ["2026-11-20"]),
        // Monday 2026-11-30, the last day of a month.
        .init(language: .englishUS, today: "2026-11-30", said: "the 4th", expected: ["2026-12-04"]),
        .init(language: .englishUS, today: "2026-11-30", said: "the 31st", expected: ["2026-12-31"]),
        .init(language: .englishUS, today: "2026-11-30", said: "tomorrow", expected: ["2026-12-01"]),
        .init(language: .englishUS, today: "2026-11-30", said: "next friday", expected: ["2026-12-11"]),
        .init(language: .englishUS, today: "2026-11-30", said: "friday", expected: ["2026-12-04"]),
        // Thursday 2026-12-31, the last day of a year.
        .init(language: .englishUS, today: "2026-12-31", said: "tomorrow", expected: ["2027-01-01"]),
        .init(language: .englishUS, today: "2026-12-31", said: "January 2", expected: ["2027-01-02"]),
        .init(language: .englishUS, today: "2026-12-31", said: "the 4th", expected: ["2027-01-04"]),
        .init(language: .englishUS, today: "2026-12-31", said: "friday", expected: ["2027-01-01"]),
        .init(language: .englishUS, today: "2026-12-31", said: "next friday", expected: ["2027-01-08"]),
        .init(language: .englishUS, today: "2026-12-31", said: "in 3 days", expected: ["2027-01-03"]),
        // Other languages, Sunday 2026-11-29.
        .init(language: .spanish, today: "2026-11-29", said: "mañana", expected: ["2026-11-30"]),
        .init(language: .spanish, today: "2026-11-29", said: "pasado mañana", expected: ["2026-12-01"]),
        .init(language: .spanish, today: "2026-11-29", said: "el viernes", expected: ["2026-12-04"]),
        .init(language: .spanish, today: "2026-11-29", said: "el próximo viernes", expected: ["2026-12-04"]),
        .init(language: .spanish, today: "2026-11-29", said: "4 de diciembre", expected: ["2026-12-04"]),
        .init(language: .spanish, today: "2026-11-29", said: "en dos semanas", expected: ["2026-12-13"]),
        .init(language: .french, today: "2026-11-29", said: "demain", expected: ["2026-11-30"]),
        .init(language: .french, today: "2026-11-29", said: "après-demain", expected: ["2026-12-01"]),
        .init(language: .french, today: "2026-11-29", said: "vendredi prochain", expected: ["2026-12-04"]),
        .init(language: .french, today: "2026-11-29", said: "le 4 décembre", expected: ["2026-12-04"]),
        .init(language: .french, today: "2026-11-29", said: "dans deux semaines", expected: ["2026-12-13"]),
        .init(language: .german, today: "2026-11-29", said: "morgen", expected: ["2026-11-30"]),
        .init(language: .german, today: "2026-11-29", said: "übermorgen", expected: ["2026-12-01"]),
        .init(language: .german, today: "2026-11-29", said: "nächsten Freitag", expected: ["2026-12-04"]),
        .init(language: .german, today: "2026-11-29", said: "4. Dezember", expected: ["2026-12-04"]),
        .init(language: .german, today: "2026-11-29", said: "in zwei Wochen", expected: ["2026-12-13"]),
        .init(language: .italian, today: "2026-11-29", said: "domani", expected: ["2026-11-30"]),
        .init(language: .italian, today: "2026-11-29", said: "dopodomani", expected: ["2026-12-01"]),
        .init(language: .italian, today: "2026-11-29", said: "venerdì prossimo", expected: ["2026-12-04"]),
        .init(language: .italian, today: "2026-11-29", said: "4 dicembre", expected: ["2026-12-04"]),
        .init(language: .italian, today: "2026-11-29", said: "tra due settimane", expected: ["2026-12-13"]),
        .init(language: .portuguese, today: "2026-11-29", said: "amanhã", expected: ["2026-11-30"]),
        .init(language: .portuguese, today: "2026-11-29", said: "depois de amanhã", expected: ["2026-12-01"]),
        .init(language: .portuguese, today: "2026-11-29", said: "sexta-feira", expected: ["2026-12-04"]),
        .init(language: .portuguese, today: "2026-11-29", said: "próxima sexta", expected: ["2026-12-04"]),
        .init(language: .portuguese, today: "2026-11-29", said: "4 de dezembro", expected: ["2026-12-04"]),
        .init(language: .portuguese, today: "2026-11-29", said: "em duas semanas", expected: ["2026-12-13"]),
        // Words with a second meaning: a short month that is a number, the morning that is also "tomorrow".
        .init(language: .french, today: "2026-11-29", said: "le sept décembre", expected: ["2026-12-07"]),
        .init(language: .portuguese, today: "2026-11-29", said: "dia dez de março", expected: ["2027-03-10"]),
        .init(language: .spanish, today: "2026-11-29", said: "esta mañana", expected: ["2026-11-29"]),
        .init(language: .spanish, today: "2026-11-29", said: "el viernes por la mañana", expected: ["2026-12-04"]),
        .init(language: .spanish, today: "2026-11-29", said: "mañana por la mañana", expected: ["2026-11-30"]),
        .init(language: .german, today: "2026-11-29", said: "Freitag morgen", expected: ["2026-12-04"]),
        .init(language: .german, today: "2026-11-29", said: "heute Morgen", expected: ["2026-11-29"]),
        .init(language: .englishUS, today: "2026-11-30", said: "this coming friday", expected: ["2026-12-04"]),
    ]

    @Test(arguments: dates)
    func aDayAsCallersSayIt(_ c: DateCase) throws {
        let reading = try #require(CallerPhrases.date(c.said, today: Self.d(c.today), language: c.language))
        switch reading {
        case .value(let date, _): #expect([date.description] == c.expected)
        case .choices(let dates): #expect(dates.map(\.description) == c.expected, "asked, not guessed")
        }
    }

    @Test func wordsThatAreNoDayAreNotGuessed() {
        for said in [
            "soon", "whenever", "the 45th", "december 40", "13/13", "in 9999999999999999999 weeks", "in 3000000000000000000 days", "in a month",
        ] {
            #expect(CallerPhrases.date(said, today: Self.d("2026-11-01"), language: .englishUS) == nil, "\(said)")
        }
    }

    struct TimeCase: Sendable, CustomTestStringConvertible {
        let language: Language, kind: BusinessKind, said: String, expected: [String]
        var testDescription: String { "\(language.rawValue) \(kind.rawValue) “\(said)” → \(expected)" }
    }

    /// A restaurant open 17:00–23:00; an appointment business open 07:00–20:00.
    static func open(_ kind: BusinessKind) -> @Sendable (Int) -> Bool {
        let hours: Range<Int> = kind == .restaurant ? 1020 ..< 1380 : 420 ..< 1200
        return { hours.contains($0) }
    }

    static let times: [TimeCase] = [
        .init(language: .englishUS, kind: .restaurant, said: "7pm", expected: ["19:00"]),
        .init(language: .englishUS, kind: .restaurant, said: "7:30 PM", expected: ["19:30"]),
        .init(language: .englishUS, kind: .restaurant, said: "19h30", expected: ["19:30"]),
        .init(language: .englishUS, kind: .restaurant, said: "noon", expected: ["12:00"]),
        .init(language: .englishUS, kind: .restaurant, said: "midnight", expected: ["00:00"]),
        .init(language: .englishUS, kind: .restaurant, said: "half past seven", expected: ["19:30"]),
        .init(language: .englishUS, kind: .restaurant, said: "quarter to eight", expected: ["19:45"]),
        .init(language: .englishUS, kind: .restaurant, said: "ten past seven", expected: ["19:10"]),
        .init(language: .englishUS, kind: .restaurant, said: "seven thirty", expected: ["19:30"]),
        .init(language: .englishUS, kind: .restaurant, said: "7", expected: ["19:00"]),
        .init(language: .englishUS, kind: .appointments, said: "7", expected: ["07:00", "19:00"]),
        .init(language: .englishUS, kind: .appointments, said: "8", expected: ["08:00"]),
        .init(language: .englishUS, kind: .appointments, said: "7 in the morning", expected: ["07:00"]),
        .init(language: .englishUS, kind: .appointments, said: "12:30 am", expected: ["00:30"]),
        .init(language: .spanish, kind: .restaurant, said: "siete y media de la tarde", expected: ["19:30"]),
        .init(language: .spanish, kind: .restaurant, said: "a las ocho menos cuarto", expected: ["19:45"]),
        .init(language: .spanish, kind: .restaurant, said: "19:30", expected: ["19:30"]),
        .init(language: .french, kind: .restaurant, said: "19h30", expected: ["19:30"]),
        .init(language: .french, kind: .restaurant, said: "sept heures et demie du soir", expected: ["19:30"]),
        .init(language: .french, kind: .restaurant, said: "huit heures moins le quart", expected: ["19:45"]),
        .init(language: .french, kind: .restaurant, said: "midi", expected: ["12:00"]),
        .init(language: .german, kind: .restaurant, said: "halb acht abends", expected: ["19:30"]),
        .init(language: .german, kind: .restaurant, said: "viertel nach sieben", expected: ["19:15"]),
        .init(language: .german, kind: .restaurant, said: "viertel vor acht", expected: ["19:45"]),
        .init(language: .german, kind: .restaurant, said: "19 Uhr 30", expected: ["19:30"]),
        .init(language: .italian, kind: .restaurant, said: "sette e mezza di sera", expected: ["19:30"]),
        .init(language: .italian, kind: .restaurant, said: "otto meno un quarto", expected: ["19:45"]),
        .init(language: .portuguese, kind: .restaurant, said: "sete e meia da noite", expected: ["19:30"]),
        .init(language: .portuguese, kind: .restaurant, said: "quinze para as oito", expected: ["19:45"]),
        .init(language: .portuguese, kind: .restaurant, said: "sete e quinze da noite", expected: ["19:15"]),
        .init(language: .french, kind: .appointments, said: "midi et demi", expected: ["12:30"]),
        .init(language: .german, kind: .appointments, said: "um 1 Uhr mittags", expected: ["13:00"]),
        .init(language: .englishUS, kind: .appointments, said: "quarter to one", expected: ["12:45"]),
        .init(language: .german, kind: .appointments, said: "halb eins", expected: ["12:30"]),
        .init(language: .englishUS, kind: .restaurant, said: "quarter to one pm", expected: ["12:45"]),
    ]

    @Test(arguments: times)
    func aTimeAsCallersSayIt(_ c: TimeCase) throws {
        let reading = try #require(CallerPhrases.time(c.said, language: c.language, kind: c.kind, isOpen: Self.open(c.kind)))
        switch reading {
        case .value(let time, _): #expect([time.description] == c.expected)
        case .choices(let times): #expect(times.map(\.description) == c.expected, "asked, not guessed")
        }
    }

    @Test func anInferredEveningIsSaid() throws {
        let reading = CallerPhrases.time("7", language: .englishUS, kind: .restaurant, isOpen: Self.open(.restaurant))
        guard case .value(let time, let note)? = reading else {
            Issue.record("no value")
            return
        }
        #expect(time.description == "19:00" && note?.contains("7 PM") == true, "\(String(describing: note))")
        #expect(CallerPhrases.time("whenever", language: .englishUS, kind: .restaurant, isOpen: Self.open(.restaurant)) == nil)
        for said in ["25:00", "24:00", "between 7 and 8", "7 or 8", "19h-21h", "before", "ten to"] {
            #expect(CallerPhrases.time(said, language: .englishUS, kind: .restaurant, isOpen: Self.open(.restaurant)) == nil, "\(said)")
        }
    }
}
