import Domain
import Foundation
import Testing

/// The customer messages in each language: their placeholders are the English ones (so they pass the same checks) and
/// rendered for a booking they read in that language, dates included.
@Suite struct LanguageMessagesTests {
    static let table: [Language: (details: String, weekday: String, code: String)] = [
        .englishUS: ("a table for 4", "Friday", "Confirmation code"),
        .spanish: ("una mesa para 4", "viernes", "Código de confirmación"),
        .french: ("une table pour 4", "vendredi", "Code de confirmation"),
        .german: ("ein Tisch für 4", "Freitag", "Bestätigungscode"),
        .italian: ("un tavolo per 4", "venerdì", "Codice di conferma"),
        .portuguese: ("uma mesa para 4", "sexta-feira", "Código de confirmação"),
    ]

    @Test(arguments: [Language.englishUS, .spanish, .french, .german, .italian, .portuguese])
    func customerMessagesReadInTheBusinessLanguage(_ language: Language) throws {
        var business = Business(
            id: UUID(), slug: try Slug("chez-lang"), name: "Chez Lang", kind: .restaurant, timezone: try TimeZoneName("Europe/Paris"),
            phone: try PhoneNumber("+33123456789", field: "p"), transferPhone: nil, email: nil, policy: .defaults(for: .restaurant),
            createdAt: Date(), updatedAt: Date())
        business.language = language
        // Friday 2026-12-04 at 19:30 in Paris, written on Monday 2026-11-30.
        let start = ISO8601DateFormatter().date(from: "2026-12-04T18:30:00Z")!
        let now = ISO8601DateFormatter().date(from: "2026-11-30T09:00:00Z")!
        let booking = Booking(
            id: UUID(), businessID: business.id, confirmationCode: "K7M2QX", status: .confirmed, start: start, end: start.addingTimeInterval(5400),
            partySize: 4, customerName: "Alex", customerPhone: nil, notes: nil, service: nil, staffID: nil, staffName: nil, options: [:],
            source: .phone, callID: nil, createdAt: now, updatedAt: now)
        let values = NotificationValues.booking(booking, business: business, now: now)
        let expected = try #require(Self.table[language])
        for kind in [NotificationKind.bookingConfirmed, .bookingChanged, .bookingCancelled, .bookingReminder] {
            let template = MessageTemplate.builtIn(kind, language: language)
            try template.validate(for: kind, field: "t")
            let (subject, body) = template.render(values)
            #expect(!body.contains("{") && !(subject ?? "").contains("{"), "\(language.rawValue) \(kind.rawValue): \(body)")
            #expect(body.contains(expected.weekday) && body.contains(language.isEnglish ? "7:30 PM" : "19:30"), "\(body)")
            if kind != .bookingCancelled { #expect(body.contains(expected.details), "\(body)") }
        }
        #expect(MessageTemplate.builtIn(.bookingConfirmed, language: language).render(values).body.contains(expected.code))
    }
}
