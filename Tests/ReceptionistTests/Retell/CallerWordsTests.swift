import Domain
import Foundation
import Testing

/// Days and times as callers say them, through the signed function routes: what was understood is echoed, an hour
/// that could be morning or evening is asked about, and a business's (or a call's) language is the one answered in.
@Suite struct CallerWordsTests {
    @Test func wordsAreResolvedEchoedOrAskedAbout() async throws {
        try await TestApp.run { api, _ in
            let (id, _) = try await api.createRestaurant(slug: "words-bistro")
            let retell = api.retell(id)
            let answer = try await retell.call("check_availability", ["date": "day after tomorrow", "time": "7", "party_size": 2])
            let zone = ZonedClock(TimeZone(identifier: "America/New_York")!)
            let expected = zone.today(Date()).adding(days: 2)
            #expect(answer.body["ok"].bool == true, "\(answer.text)")
            #expect(answer.body["understood"]["date"].string == expected.description, "\(answer.text)")
            #expect(answer.body["understood"]["date_spoken"].string == Speech.date(expected, today: zone.today(Date())))
            #expect(answer.body["understood"]["time"].string == "19:00" && answer.body["understood"]["time_spoken"].string == "7 PM")
            #expect((answer.body["understood"]["note"].string ?? "").contains("7 PM"), "the inference is said")

            // A salon open from 7 to 20: "7" could be either, and the caller is asked.
            let weekly = SeedSystemsTests.weekly("07:00", "20:00")
            let (salon, salonKey) = try await api.createBusiness(
                slug: "words-salon",
                extra: ["kind": "appointments", "policy": ["min_notice_minutes": 0, "booking_horizon_days": 30], "hours": ["weekly": weekly]])
            _ = try await api.call(
                .put, "/v1/businesses/\(salon)/services", key: salonKey, json: ["services": [["name": "Cut", "duration_minutes": 30]]])
            _ = try await api.call(.put, "/v1/businesses/\(salon)/staff", key: salonKey, json: ["staff": [["name": "Ana", "services": ["Cut"]]]])
            let ambiguous = try await api.retell(salon).call(
                "create_booking", ["date": "tomorrow", "time": "7", "party_size": 1, "name": "Ada", "service": "Cut"])
            #expect(ambiguous.body["ok"].bool == false && ambiguous.body["error"].string == "AMBIGUOUS", "\(ambiguous.text)")
            #expect(ambiguous.body["field"].string == "time")
            #expect(ambiguous.body["choices"].array.map { $0["value"].string } == ["07:00", "19:00"])
            #expect(ambiguous.body["choices"].array.map { $0["spoken"].string } == ["7 AM", "7 PM"])

            // The tools and the prompt say what is accepted.
            let tools = try await api.call(.get, "/v1/businesses/\(salon)/retell/tools", key: salonKey)
            let check = try #require(tools.body["tools"].array.first { $0["name"].string == "check_availability" })
            #expect((check["parameters"]["properties"]["date"]["description"].string ?? "").contains("next friday"))
            #expect((check["parameters"]["properties"]["language"]["description"].string ?? "").contains("es-ES"))
            let prompt = tools.body["prompt"].string ?? ""
            #expect(prompt.contains("never compute a date yourself") && prompt.contains("AMBIGUOUS"), "\(prompt)")
        }
    }

    /// Each language's weekday for one date, written here (not taken from the formatter the code uses).
    static let weekdayWords: [Language: [Weekday: String]] = [
        .spanish: [
            .monday: "lunes", .tuesday: "martes", .wednesday: "miércoles", .thursday: "jueves", .friday: "viernes", .saturday: "sábado",
            .sunday: "domingo",
        ],
        .french: [
            .monday: "lundi", .tuesday: "mardi", .wednesday: "mercredi", .thursday: "jeudi", .friday: "vendredi", .saturday: "samedi",
            .sunday: "dimanche",
        ],
        .german: [
            .monday: "Montag", .tuesday: "Dienstag", .wednesday: "Mittwoch", .thursday: "Donnerstag", .friday: "Freitag", .saturday: "Samstag",
            .sunday: "Sonntag",
        ],
        .italian: [
            .monday: "lunedì", .tuesday: "martedì", .wednesday: "mercoledì", .thursday: "giovedì", .friday: "venerdì", .saturday: "sabato",
            .sunday: "domenica",
        ],
        .portuguese: [
            .monday: "segunda-feira", .tuesday: "terça-feira", .wednesday: "quarta-feira", .thursday: "quinta-feira", .friday: "sexta-feira",
            .saturday: "sábado", .sunday: "domingo",
        ],
    ]

    static let bookedWords: [Language: String] = [
        .spanish: "Reservado para el", .french: "Réservé pour", .german: "Gebucht für", .italian: "Prenotato per", .portuguese: "Reservado para",
    ]
    static let tooLargeWords: [Language: String] = [
        .spanish: "el grupo más grande que podemos reservar es de 6", .french: "le plus grand groupe que nous pouvons accueillir est de 6",
        .german: "die größte Gruppe, die wir buchen können, sind 6 Personen", .italian: "il gruppo più grande che possiamo prenotare è di 6",
        .portuguese: "o maior grupo que podemos reservar é de 6",
    ]

    @Test(arguments: [Language.spanish, .french, .german, .italian, .portuguese])
    func aBusinessAnswersInItsLanguage(_ language: Language) async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createRestaurant(slug: "lang-\(language.rawValue.lowercased())")
            let patched = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["language": language.rawValue])
            #expect(patched.body["language"].string == language.rawValue, "\(patched.text)")
            let retell = api.retell(id)
            let date = try LocalDate(parsing: futureDate(days: 3), field: "d")
            let made = try await retell.call("create_booking", ["date": date.description, "time": "20:30", "party_size": 2, "name": "Ana"])
            let spoken = made.body["booking"]["spoken"].string ?? ""
            #expect(spoken.contains(Self.weekdayWords[language]![date.weekday]!) && spoken.contains("20:30"), "\(made.text)")
            #expect((made.body["message"].string ?? "").hasPrefix(Self.bookedWords[language]!), "\(made.text)")
            let refused = try await retell.call("create_booking", ["date": date.description, "time": "20:30", "party_size": 9, "name": "Big"])
            #expect(refused.body["message"].string == Self.tooLargeWords[language], "\(refused.text)")
        }
    }

    @Test func aCallMayAskForAnotherLanguage() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "lang-per-call")
            let answer = try await api.retell(id).call(
                "check_availability", ["date": "demain", "time": "vingt heures", "party_size": 2, "language": "fr"])
            #expect(answer.body["ok"].bool == true, "\(answer.text)")
            #expect((answer.body["slot"]["spoken"].string ?? "").hasSuffix("à 20:00"), "\(answer.text)")
            #expect(answer.body["understood"]["time"].string == "20:00")
            // The call's own metadata names the caller's language when the arguments do not.
            let metadata = try await api.retell(id).call(
                "check_availability", ["date": "mañana", "time": "20:00", "party_size": 2], call: ["metadata": ["language": "es-ES"]])
            #expect((metadata.body["slot"]["spoken"].string ?? "").hasSuffix("a las 20:00"), "\(metadata.text)")

            // Words in English on a call in Spanish are still read (the business's language and English are tried next), and
            // the language is no part of the request's identity: a retry that adds it is the same booking.
            let callID = "call_lang_retry"
            let first = try await api.retell(id).call(
                "create_booking", ["date": "tomorrow", "time": "8pm", "party_size": 2, "name": "Eva"], callID: callID)
            let retry = try await api.retell(id).call(
                "create_booking", ["date": "tomorrow", "time": "8pm", "party_size": 2, "name": "Eva", "language": "es"], callID: callID)
            #expect(
                first.body["ok"].bool == true
                    && retry.body["booking"]["confirmation_code"].string == first.body["booking"]["confirmation_code"].string)
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings") == 1)
            let spanishWithEnglishWords = try await api.retell(id).call(
                "check_availability", ["date": "tomorrow", "time": "9pm", "party_size": 2, "language": "es-ES"])
            #expect((spanishWithEnglishWords.body["slot"]["spoken"].string ?? "").hasSuffix("a las 21:00"), "\(spanishWithEnglishWords.text)")
        }
    }
}
