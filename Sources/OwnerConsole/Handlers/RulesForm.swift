import Domain
import Foundation

/// The booking-rule fields the console asks for, per kind of business, in an owner's words: each a whole number read
/// from and written to the policy.
struct RuleField: Sendable {
    let name: String
    let label: String
    let range: ClosedRange<Int>
    let read: @Sendable (BookingPolicy) -> Int?
    let write: @Sendable (inout BookingPolicy, Int) -> Void
    /// When set, a choice among these values (a select) rather than a number box.
    var choices: [Int] = []

    static let slotInterval = RuleField(
        name: "slot_interval_minutes", label: "Bookings can start every (minutes)", range: 5 ... 240, read: { $0.slotIntervalMinutes },
        write: { $0.slotIntervalMinutes = $1 }, choices: [10, 15, 20, 30, 60])
    static let teeInterval = RuleField(
        name: "slot_interval_minutes", label: "Minutes between tee times", range: 5 ... 240, read: { $0.slotIntervalMinutes },
        write: { $0.slotIntervalMinutes = $1 }, choices: [6, 8, 9, 10, 12, 15, 20])
    static let minNotice = RuleField(
        name: "min_notice_minutes", label: "Book at least this many minutes ahead", range: 0 ... 43_200, read: { $0.minNoticeMinutes },
        write: { $0.minNoticeMinutes = $1 })
    static let horizon = RuleField(
        name: "booking_horizon_days", label: "Take bookings up to this many days ahead", range: 1 ... 730, read: { $0.bookingHorizonDays },
        write: { $0.bookingHorizonDays = $1 })
    static let covers = RuleField(
        name: "capacity", label: "Guests you can seat at once", range: 1 ... 10_000, read: { $0.capacity }, write: { $0.capacity = $1 })
    static let largestParty = RuleField(
        name: "max_party_size", label: "Largest party that can book by phone", range: 1 ... 1000, read: { $0.maxPartySize },
        write: { $0.maxPartySize = $1 })
    static let players = RuleField(
        name: "capacity", label: "Players per tee time", range: 1 ... 12, read: { $0.capacity }, write: { $0.capacity = $1 })
    static let largestGroup = RuleField(
        name: "max_party_size", label: "Largest group in one booking", range: 1 ... 12, read: { $0.maxPartySize },
        write: { $0.maxPartySize = $1 })

    static func fields(for kind: BusinessKind) -> [RuleField] {
        switch kind {
        case .restaurant: [covers, largestParty, slotInterval, minNotice, horizon]
        case .teeTimes: [teeInterval, players, largestGroup, minNotice, horizon]
        case .appointments: [slotInterval, minNotice, horizon]
        }
    }
}

/// The rules form as typed, read into a policy (and services) or the first field to correct with words for an owner.
struct RulesForm {
    let form: FormBody
    let kind: BusinessKind
    /// Rows offered for turn times and for services.
    static let turnRows = 2
    static let serviceRows = 6
    static let intakeRows = IntakeRules.maxQuestions

    struct Problem: Error {
        let field: String
        let message: String
    }

    func number(_ name: String, _ label: String, _ range: ClosedRange<Int>) throws(Problem) -> Int {
        let text = form[name].trimmingCharacters(in: .whitespaces)
        guard let value = Int(text), range.contains(value) else {
            throw Problem(field: name, message: "\(label): enter a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func policy(from current: BookingPolicy) throws(Problem) -> BookingPolicy {
        var policy = current
        for field in RuleField.fields(for: kind) { field.write(&policy, try number(field.name, field.label, field.range)) }
        if kind == .restaurant {
            var turns: [TurnTime] = []
            for row in 1 ... Self.turnRows {
                let (size, minutes) = (form["turn_\(row)_size"], form["turn_\(row)_minutes"])
                if size.isEmpty && minutes.isEmpty { continue }
                turns.append(
                    TurnTime(
                        maxPartySize: try number("turn_\(row)_size", "Party size", 1 ... 1000),
                        minutes: try number("turn_\(row)_minutes", "Minutes at the table", 5 ... 1440)))
            }
            turns.append(TurnTime(maxPartySize: nil, minutes: try number("turn_last_minutes", "Minutes at the table", 5 ... 1440)))
            policy.turnTimes = turns
        }
        // A tee time holds its slot until the next one starts.
        if kind == .teeTimes {
            policy.defaultDurationMinutes = policy.slotIntervalMinutes
            policy.roundTypes = try rounds(interval: policy.slotIntervalMinutes, current: current.roundTypes)
        }
        policy.intakeQuestions = try intake(current: current.intakeQuestions)
        do {
            try policy.validate(for: kind)
        } catch {
            throw Self.explain(error, kind: kind)
        }
        return policy
    }

    /// The rounds typed (a row left empty is not sold): length, price per player, and an optional twilight price from a time.
    /// Later prices set through the API (the page shows two) are kept when they start after the typed ones.
    func rounds(interval: Int, current: [RoundType]) throws(Problem) -> [RoundType] {
        var rounds: [RoundType] = []
        for holes in RoundType.Holes.allCases.reversed() {
            let prefix = "round_\(holes.rawValue)"
            let names = ["minutes", "price", "twilight_from", "twilight_price"].map { "\(prefix).\($0)" }
            if names.allSatisfy({ form[$0].trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let minutes = try number(names[0], "\(holes.spoken.capitalized) take", max(30, interval) ... 600)
            var rates = [TeeRate(fromMinutes: 0, priceCents: try price(names[1]))]
            let from = form[names[2]].trimmingCharacters(in: .whitespaces)
            if !from.isEmpty || !form[names[3]].trimmingCharacters(in: .whitespaces).isEmpty {
                guard let time = try? LocalTime(parsing: from, field: names[2]), time.minutes > 0, time.minutes < 1440 else {
                    throw Problem(field: names[2], message: "Enter the time twilight prices start, like 15:00.")
                }
                rates.append(TeeRate(fromMinutes: time.minutes, priceCents: try price(names[3])))
            }
            let later = current.first { $0.holes == holes }?.rates.dropFirst(2).filter { $0.fromMinutes > rates.last!.fromMinutes } ?? []
            rates += later
            rounds.append(RoundType(holes: holes, minutes: minutes, rates: rates))
        }
        return rounds
    }

    /// "45", "45.00" or "$45.50" as cents.
    func price(_ name: String) throws(Problem) -> Int {
        let text = form[name].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "$€£"))
        guard let price = Price(plain: text, currency: "USD"), price.cents <= 10_000_000 else {
            throw Problem(field: name, message: "Enter the price per player, like 45 or 45.50.")
        }
        return price.cents
    }

    /// The intake questions typed, in row order (a row left empty is skipped). A question keeps its key while its wording
    /// stays, so the answers already given stay matched to it.
    func intake(current: [IntakeQuestion]) throws(Problem) -> [IntakeQuestion] {
        var questions: [IntakeQuestion] = []
        for row in 1 ... Self.intakeRows {
            let prefix = "intake_\(row)"
            let label = form["\(prefix).label"].trimmingCharacters(in: .whitespacesAndNewlines)
            let typedChoices = form["\(prefix).choices"]
            // Answers set through the API may contain commas; shown joined, they are kept as they were when left unchanged.
            let kept = current.first { $0.label == label && $0.choices.joined(separator: ", ") == typedChoices.trimmingCharacters(in: .whitespaces) }
            let choices =
                kept?.choices
                ?? typedChoices.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if label.isEmpty {
                if !choices.isEmpty { throw Problem(field: "\(prefix).label", message: "Write the question these answers belong to.") }
                continue
            }
            let key =
                current.first { $0.label == label }?.key
                ?? Self.key(for: label, taken: Set(questions.map(\.key) + current.map(\.key)))
            let question = IntakeQuestion(
                key: key, label: label, kind: choices.isEmpty ? .text : .choice, choices: choices, required: form["\(prefix).required"] == "yes")
            do { try IntakeRules.validate(questions + [question], field: "intake") } catch {
                let part = error.field.split(separator: ".").last.map(String.init) ?? "label"
                throw Problem(
                    field: "\(prefix).\(part.hasPrefix("choices") ? "choices" : "label")",
                    message: part.hasPrefix("choices")
                        ? "Give 2 to 10 answers of up to 60 characters, separated by commas, or leave empty for a free answer."
                        : "Write the question on one line, up to 200 characters.")
            }
            questions.append(question)
        }
        return questions
    }

    /// `company_name` from "Company name?": lower-case words joined by _, at most 30 characters, unique.
    static func key(for label: String, taken: Set<String>) -> String {
        let words = label.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        var base = String(words.joined(separator: "_").prefix(26))
        if base.first.map({ !$0.isLetter }) ?? true { base = "q_" + base }
        base = String(base.prefix(26)).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        var key = base
        var n = 2
        while taken.contains(key) {
            key = "\(base)_\(n)"
            n += 1
        }
        return key
    }

    /// The services typed, in row order; a row left empty is skipped.
    func services() throws(Problem) -> [Service] {
        var services: [Service] = []
        for row in 1 ... Self.serviceRows {
            let prefix = "service_\(row)"
            let fields = ["name", "duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "durations"].map { form["\(prefix).\($0)"] }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let duration = try number("\(prefix).duration_minutes", "Length", 5 ... 1440)
            let before = form["\(prefix).buffer_before_minutes"].isEmpty ? 0 : try number("\(prefix).buffer_before_minutes", "Time before", 0 ... 240)
            let after = form["\(prefix).buffer_after_minutes"].isEmpty ? 0 : try number("\(prefix).buffer_after_minutes", "Time after", 0 ... 240)
            let lengths = fields[4].split { $0 == "," || $0 == " " }.map { Int($0) }
            guard lengths.allSatisfy({ $0.map { (5 ... 1440).contains($0) } ?? false }), lengths.count <= 6 else {
                throw Problem(
                    field: "\(prefix).durations", message: "Other lengths: up to 6 numbers of minutes separated by commas, like 15, 30, 45.")
            }
            do {
                services.append(
                    try ServiceRules.service(
                        name: fields[0], durationMinutes: duration, bufferBefore: before, bufferAfter: after, field: prefix, existing: services,
                        durations: lengths.compactMap { $0 }))
            } catch {
                throw Problem(
                    field: error.field,
                    message: error.message == "is listed twice" ? "This service is already listed above." : "Give the service a name.")
            }
        }
        guard !services.isEmpty else { throw Problem(field: "service_1.name", message: "Add at least one service callers can book.") }
        return services
    }

    /// The engine's rule, said about the form's own fields.
    static func explain(_ error: ValidationError, kind: BusinessKind) -> Problem {
        let field = String(error.field.dropFirst("policy.".count))
        switch field {
        case "max_party_size" where error.message.contains("capacity"):
            return Problem(
                field: "max_party_size",
                message: kind == .teeTimes
                    ? "A group cannot be larger than the players per tee time."
                    : "The largest party cannot be more than the guests you can seat at once.")
        case let f where f.hasPrefix("turn_times["):
            let row = Int(f.dropFirst("turn_times[".count).prefix { $0.isNumber }).map { $0 + 1 } ?? 1
            return Problem(field: "turn_\(row)_size", message: "Each party size must be larger than the one above it.")
        default:
            let label = RuleField.fields(for: kind).first { $0.name == field }?.label ?? field.replacingOccurrences(of: "_", with: " ")
            return Problem(
                field: RuleField.fields(for: kind).contains { $0.name == field } ? field : "max_party_size", message: "\(label) \(error.message).")
        }
    }
}
