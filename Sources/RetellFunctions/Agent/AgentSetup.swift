import Domain
import Foundation

/// What a business's phone agent must know, from the same catalog the server validates with: the custom-function
/// tools (this server's URLs, an explicit `max_retry`) and the prompt of the business's facts. The owner API hands it
/// out; the provisioner writes it into Retell and re-publishes it when the facts change.
public enum AgentSetup {
    /// Retell retries a tool call only when `max_retry` > 0 (retell-provisioning.md corrects retell.md here): one retry,
    /// which our functions absorb (mutations are idempotent per call and tool-call id).
    public static let maxRetry = 1

    /// `intake`: the business's questions, named one by one in the `intake` argument's schema (required ones required
    /// when booking), so the LLM is told exactly which answers to collect.
    public static func customTools(baseURL: String, businessID: UUID, intake: [IntakeQuestion] = []) -> [[String: Any]] {
        let root = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let base = "\(root)/v1/retell/\(businessID.uuidString.lowercased())/functions"
        return FunctionCatalog.all.map { f in
            var parameters = f.jsonSchema
            if !intake.isEmpty, var properties = parameters["properties"] as? [String: Any], properties["intake"] != nil {
                let description = (properties["intake"] as? [String: Any])?["description"] as? String ?? ""
                properties["intake"] = intakeSchema(intake, requireAnswers: f.name == "create_booking", description: description)
                parameters["properties"] = properties
            }
            return [
                "type": "custom", "name": f.name, "description": f.description, "url": "\(base)/\(f.name)", "method": "POST",
                "parameters": parameters, "speak_during_execution": f.speakDuringExecution, "speak_after_execution": true,
                "timeout_ms": 10_000, "args_at_root": false, "max_retry": maxRetry,
            ]
        }
    }

    static func intakeSchema(_ questions: [IntakeQuestion], requireAnswers: Bool, description: String) -> [String: Any] {
        var properties: [String: Any] = [:]
        for q in questions {
            var property: [String: Any] = ["type": "string", "description": q.label]
            if q.kind == .choice { property["enum"] = q.choices }
            properties[q.key] = property
        }
        var schema: [String: Any] = [
            "type": "object", "properties": properties, "additionalProperties": false,
            "description": description,
        ]
        let required = questions.filter(\.required).map(\.key)
        if requireAnswers, !required.isEmpty { schema["required"] = required }
        return schema
    }

    /// The business's facts and rules for the agent's prompt, in plain sentences.
    public static func prompt(_ business: Business, _ rules: BookingRules) -> String {
        var lines = [
            "You answer the phone for \(business.name). Its time zone is \(business.timezone.identifier); every date and time you say or send "
                + "is local to it."
        ]
        // The facts in the business's language: weekday names and times from its locale, the few joining words from the phrasebook.
        let language = business.language, words = Phrasebook(language).factWords
        func span(_ interval: OpeningInterval) -> String {
            "\(Speech.time(interval.opens.minutes, language: language)) \(words.to) \(Speech.time(interval.closes.minutes, language: language))"
        }
        var hours: [String] = []
        for day in Weekday.allCases {
            let ranges = rules.schedule.weekly.intervals(on: day)
            let name = Speech.weekdayName(day, language: language)
            hours.append(ranges.isEmpty ? "\(name): \(words.closed)" : "\(name): " + ranges.map(span).joined(separator: " \(words.and) "))
        }
        lines.append("\(words.hours): " + hours.joined(separator: "; ") + ".")
        // Holidays and special days from today on (the answers of check_availability stay the authority).
        let today = rules.clock.today(Date())
        let exceptions = rules.schedule.overrides.values.filter { $0.date >= today }.sorted { $0.date < $1.date }.prefix(20).map { o in
            let day = Speech.date(o.date, today: today, language: language)
            let what = o.closed ? words.closed : "\(words.open) " + o.intervals.map(span).joined(separator: " \(words.and) ")
            return "\(day): \(what)" + (o.reason.map { " (\($0))" } ?? "")
        }
        if !exceptions.isEmpty { lines.append("\(words.exceptions): " + exceptions.joined(separator: "; ") + ".") }
        let p = rules.policy
        lines.append(
            "Bookings are for \(p.minPartySize) to \(p.maxPartySize) people, at least \(Speech.duration(p.minNoticeMinutes)) ahead, and at "
                + "most \(p.bookingHorizonDays) days ahead."
        )
        if business.kind == .appointments, !rules.services.isEmpty {
            lines.append(
                "Services: "
                    + rules.services.map { service in
                        let others =
                            service.allowedDurations.count > 1
                            ? "; the caller may choose " + service.allowedDurations.map(String.init).joined(separator: ", ") + " minutes"
                            : ""
                        return "\(service.name) (\(service.durationMinutes) minutes\(others))"
                    }.joined(separator: ", ") + ". Pass a chosen length as duration_minutes.")
        }
        if business.kind == .teeTimes, !p.roundTypes.isEmpty {
            let rounds = p.roundTypes.map { round in
                let prices = round.rates.map { rate in
                    let price = Price(cents: rate.priceCents, currency: p.currency).spoken
                    return rate.fromMinutes == 0 ? price : "\(price) from \(Speech.time(rate.fromMinutes))"
                }
                return "\(round.holes.spoken) (\(round.holes.rawValue), about \(Speech.duration(round.minutes))): "
                    + prices.joined(separator: ", ") + " per player"
            }
            lines.append(
                "Rounds: " + rounds.joined(separator: "; ") + ". Ask which round the caller wants and pass it as holes; say each time's "
                    + "price_spoken, never a price of your own.")
        }
        if !p.intakeQuestions.isEmpty {
            let questions = p.intakeQuestions.map { q in
                "\"\(q.label)\" (\(q.key)\(q.required ? ", required" : ", optional")"
                    + (q.kind == .choice ? "; one of: " + q.choices.joined(separator: ", ") : "") + ")"
            }
            lines.append(
                "Before booking, ask: " + questions.joined(separator: "; ") + ". Pass the answers in create_booking's intake, by key.")
        }
        lines.append(
            "When an answer says ok false, say its message and offer its alternatives; never retry the same request unchanged."
        )
        lines.append(
            "Never promise a time without check_availability, and never book without create_booking; read the confirmation code back letter "
                + "by letter."
        )
        lines.append(
            "Pass days and times as the caller says them ('next friday', 'the 4th', 'half past seven'): never compute a date yourself. "
                + "Each answer's 'understood' gives the day and time they were read as: confirm it with the caller. An AMBIGUOUS answer "
                + "lists the 'choices': ask the caller which one they meant.")
        lines.append(
            "Speak \(business.language.name) with callers; the answers' message and spoken fields are in it. If a caller speaks another "
                + "of English, Spanish, French, German, Italian or Portuguese, answer in theirs and pass language (e.g. es-ES) to every function.")
        if let transfer = business.transferPhone {
            lines.append(
                "Transfer the caller to \(transfer.e164) when they ask for a person, when an answer says action transfer_call, or when you "
                    + "cannot help."
            )
        } else {
            lines.append("When you cannot help, or an answer says action take_message, take a message with take_message.")
        }
        return lines.joined(separator: "\n")
    }
}
