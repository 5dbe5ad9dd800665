import Domain
import Foundation

/// An argument the agent sent that cannot be used; answered as `INVALID_ARGUMENT` naming the field, or `AMBIGUOUS`
/// with the values the caller's words could mean (`choices`), for the agent to ask which.
public struct ArgumentError: Error, Sendable {
    public var field: String
    public var message: String
    public var choices: [[String: String]] = []

    public init(field: String, message: String, choices: [[String: String]] = []) {
        self.field = field
        self.message = message
        self.choices = choices
    }
}

/// One argument declared once: the `Parameter` the tool definition and the document show, and the lenient, typed
/// read that enforces the same type and allowed values (LLMs send "4" for 4 and "7:30 pm" for 19:30).
struct Param<Value: Sendable>: Sendable {
    let parameter: Parameter
    let read: @Sendable (_ value: JSONValue?, _ caller: CallerContext) throws -> Value

    var name: String { parameter.name }
}

extension Param {
    /// The same argument, required: absent (or blank) is `is required`.
    func required<Wrapped>() -> Param<Wrapped> where Value == Wrapped? {
        var parameter = parameter
        parameter.required = true
        let read = read, name = parameter.name
        return Param<Wrapped>(parameter: parameter) { value, caller in
            guard let read = try read(value, caller) else { throw ArgumentError(field: name, message: "is required") }
            return read
        }
    }

    /// Free text, trimmed, at most `max` characters, without control characters other than line breaks.
    static func text(_ name: String, _ description: String, max: Int = 500) -> Param<String?> {
        Param<String?>(parameter: Parameter(name, .string, description)) { value, _ in try ArgumentValue.text(value, name, max: max) }
    }

    /// One of the parameter's allowed values, in any case; answered in the case the definition writes it.
    static func choice(_ name: String, _ description: String, allowed: [String]) -> Param<String?> {
        Param<String?>(parameter: Parameter(name, .string, description, allowed: allowed)) { value, _ in
            guard let text = try ArgumentValue.text(value, name) else { return nil }
            guard let match = allowed.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                throw ArgumentError(field: name, message: "must be \(allowed.joined(separator: " or "))")
            }
            return match
        }
    }

    /// A whole number, from a JSON number or its text; never wrapped.
    static func integer(_ name: String, _ description: String) -> Param<Int?> {
        Param<Int?>(parameter: Parameter(name, .integer, description)) { value, _ in try ArgumentValue.integer(value, name) }
    }

    static func boolean(_ name: String, _ description: String) -> Param<Bool?> {
        Param<Bool?>(parameter: Parameter(name, .boolean, description)) { value, _ in try ArgumentValue.boolean(value, name) }
    }

    /// `YYYY-MM-DD`, or a day as a caller says it ("tomorrow", "next friday", "the 4th", "4 de diciembre") in the
    /// business's calendar and language; words that could mean two days are answered with both.
    static func date(_ name: String, _ description: String) -> Param<LocalDate?> {
        Param<LocalDate?>(parameter: Parameter(name, .string, description)) { value, caller in
            guard let text = try ArgumentValue.text(value, name, max: 100) else { return nil }
            let strict = text.count == 10 ? (try? LocalDate(parsing: text, field: name)).map { CallerReading.value($0, note: nil) } : nil
            let read = strict ?? caller.readingLanguages.lazy.compactMap { CallerPhrases.date(text, today: caller.today, language: $0) }.first
            switch read {
            case .value(let date, _)?:
                caller.record(name, date.description)
                caller.record("\(name)_spoken", Speech.date(date, today: caller.today, language: caller.language))
                return date
            case .choices(let dates)?:
                let spoken = dates.map { Speech.date($0, today: caller.today, language: caller.language) }
                throw ArgumentError(
                    field: name, message: "'\(text)' could mean \(spoken.joined(separator: " or ")); ask the caller which",
                    choices: zip(dates, spoken).map { ["value": $0.description, "spoken": $1] })
            case nil:
                throw ArgumentError(
                    field: name,
                    message: "must be a day such as \(caller.today.adding(days: 3)), tomorrow, friday, next friday, the 4th or december 4")
            }
        }
    }

    /// `19:30`, or a time as a caller says it ("7pm", "7:30 PM", "19h30", "noon", "half past seven"); an hour without AM or
    /// PM is the one the business is open at, and both choices when it is open at both (a restaurant's evening is taken).
    static func time(_ name: String, _ description: String) -> Param<LocalTime?> {
        Param<LocalTime?>(parameter: Parameter(name, .string, description)) { value, caller in
            guard let text = try ArgumentValue.text(value, name, max: 100) else { return nil }
            return try ArgumentValue.callerTime(text, name, caller)
        }
    }

    static func phone(_ name: String, _ description: String) -> Param<PhoneNumber?> {
        Param<PhoneNumber?>(parameter: Parameter(name, .string, description)) { value, _ in
            guard let text = try ArgumentValue.text(value, name) else { return nil }
            do { return try PhoneNumber(text, field: name) } catch {
                throw ArgumentError(field: name, message: "must be a phone number with its country code, e.g. +14155550123")
            }
        }
    }

    /// A confirmation code as the caller said it (spaces, dashes and lower case forgiven).
    static func code(_ name: String, _ description: String) -> Param<String?> {
        Param<String?>(parameter: Parameter(name, .string, description)) { value, _ in
            guard let text = try ArgumentValue.text(value, name) else { return nil }
            guard let code = ConfirmationCode.normalize(text) else {
                throw ArgumentError(field: name, message: "is not a confirmation code (six letters and digits)")
            }
            return code
        }
    }

    /// An email address as the caller spelled it (the agent is told to read it back first).
    static func email(_ name: String, _ description: String) -> Param<String?> {
        Param<String?>(parameter: Parameter(name, .string, description)) { value, _ in
            guard let text = try ArgumentValue.text(value, name, max: 254)?.replacingOccurrences(of: " ", with: "") else { return nil }
            do { try Business.validateEmail(text, field: name) } catch {
                throw ArgumentError(field: name, message: "must be an email address, e.g. ada@example.com")
            }
            return text
        }
    }
}

/// Lenient reads of one JSON value, shared by the `Param` builders.
enum ArgumentValue {
    /// Absent, null and blank text are all "not given".
    static func present(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)? where isBlank(s): return nil
        default: return value
        }
    }

    /// Whether the text is empty or only spaces; a first byte that is printable ASCII other than a space answers at once
    /// (nearly every argument), without Foundation's trim.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first > 0x20, first < 0x7f { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    static func text(_ value: JSONValue?, _ name: String, max: Int = 500) throws -> String? {
        guard let value = present(value) else { return nil }
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let n): text = n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): text = String(b)
        default: text = (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? ""
        }
        // Printable ASCII that neither starts nor ends with a space (nearly every argument): nothing to trim, one
        // character per byte, no control character, so `cleaned` would return it as it is.
        let bytes = text.utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
            guard bytes.count <= max else { throw ArgumentError(field: name, message: "must be at most \(max) characters") }
            return text
        }
        return try cleaned(text, name, max: max)
    }

    /// Any text: trimmed, at most `max` characters, no control characters.
    static func cleaned(_ text: String, _ name: String, max: Int) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= max else { throw ArgumentError(field: name, message: "must be at most \(max) characters") }
        if let problem = OutsideText.problem(trimmed) { throw ArgumentError(field: name, message: problem) }
        return trimmed
    }

    /// Whole numbers an agent can mean (a party, a count of holes); past a million it is an overflow or an attack.
    static let wholeNumbers = -1_000_000 ... 1_000_000

    /// `intValue`-style conversions would wrap 1e30 into a small number: the value is read as a Double and range-checked.
    static func integer(_ value: JSONValue?, _ name: String) throws -> Int? {
        let number: Double
        switch present(value) {
        case nil: return nil
        case .number(let n)?: number = n
        case .string(let s)?:
            // Text must spell a whole number ("4", not "4.0" or "1e1"); one past Int's range is refused, never wrapped.
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)) else { throw ArgumentError(field: name, message: "must be a whole number") }
            number = Double(n)
        default: throw ArgumentError(field: name, message: "must be a whole number")
        }
        guard number.isFinite, number == number.rounded() else { throw ArgumentError(field: name, message: "must be a whole number") }
        guard let whole = OutsideNumber.integer(number, in: wholeNumbers) else {
            throw ArgumentError(field: name, message: "must be between \(wholeNumbers.lowerBound) and \(wholeNumbers.upperBound)")
        }
        return whole
    }

    static func boolean(_ value: JSONValue?, _ name: String) throws -> Bool? {
        switch present(value) {
        case nil: return nil
        case .bool(let b)?: return b
        case .number(1)?: return true
        case .number(0)?: return false
        case .string(let s)?:
            if ["true", "yes", "1"].contains(s.lowercased()) { return true }
            if ["false", "no", "0"].contains(s.lowercased()) { return false }
        default: break
        }
        throw ArgumentError(field: name, message: "must be true or false")
    }

    /// `HH:MM` (or `HH:MM:SS`) with two-digit hours: the machine form, read without the phrase parser.
    static func strictTime(_ text: String) -> LocalTime? {
        let parts = text.split(separator: ":")
        guard (2 ... 3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0 ... 23).contains(hour), (0 ... 59).contains(minute)
        else { return nil }
        return LocalTime(minutes: hour * 60 + minute)
    }

    /// A time as the caller said it, recorded for the answer's `understood`; two possible times are asked about.
    static func callerTime(_ text: String, _ name: String, _ caller: CallerContext) throws -> LocalTime {
        let reading =
            strictTime(text).map { CallerReading.value($0, note: nil) }
            ?? caller.readingLanguages.lazy.compactMap {
                CallerPhrases.time(text, language: $0, kind: caller.kind, isOpen: caller.isOpen(at:))
            }.first
        switch reading {
        case .value(let time, let note)?:
            caller.record(name, time.description)
            caller.record("\(name)_spoken", Speech.time(time.minutes, language: caller.language))
            if let note { caller.record("note", note) }
            return time
        case .choices(let times)?:
            let spoken = times.map { Speech.time($0.minutes, language: caller.language) }
            throw ArgumentError(
                field: name, message: "'\(text)' could mean \(spoken.joined(separator: " or ")); ask the caller which",
                choices: zip(times, spoken).map { ["value": $0.description, "spoken": $1] })
        case nil:
            throw ArgumentError(field: name, message: "must be a time such as 19:30, 7:30 PM, 7pm or noon")
        }
    }

    static func parseTime(_ raw: String) -> LocalTime? {
        var text = raw.lowercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        var meridiem: String?
        for suffix in ["am", "pm"] where text.hasSuffix(suffix) {
            meridiem = suffix
            text.removeLast(2)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1 ... 3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
            var hour = Int(parts[0])
        else { return nil }
        let minute = parts.count > 1 ? Int(parts[1]) ?? -1 : 0
        guard (0 ... 59).contains(minute) else { return nil }
        if let meridiem {
            guard (1 ... 12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
        }
        guard (0 ... 23).contains(hour) else { return nil }
        return LocalTime(minutes: hour * 60 + minute)
    }

    /// "07:00-09:00", "7am-9am", "7:00 to 9:00": the start times from the first to the second, both included.
    static func window(_ text: String) -> Range<Int>? {
        // Most times asked are one time ("19:30"): no separator, no window, and no regular expressions run.
        guard text.contains("-") || text.range(of: " to ", options: .caseInsensitive) != nil else { return nil }
        // "19h-21h", "19h30-21h": the French hour mark as a colon.
        let lowered = text.lowercased().replacingOccurrences(of: #"([0-9]{1,2})h([0-9]{2})?"#, with: "$1:$2", options: .regularExpression)
            .replacingOccurrences(of: #":(?![0-9])"#, with: ":00", options: .regularExpression)
        let separator = lowered.contains(" to ") ? " to " : "-"
        let parts = lowered.components(separatedBy: separator)
        guard parts.count == 2, let from = parseTime(parts[0].trimmingCharacters(in: .whitespaces)) else { return nil }
        // "until midnight" is 24:00 (or 00:00 after a later start); other windows do not cross midnight.
        let end = parts[1].trimmingCharacters(in: .whitespaces)
        let to = end == "24:00" || (end == "00:00" && from.minutes > 0) || end == "midnight" ? 1440 : parseTime(end)?.minutes
        guard let to, from.minutes <= to else { return nil }
        return from.minutes ..< to + 1
    }

    /// A part of the day as a range of local minutes, for `check_availability(time: "evening")`.
    static func partOfDay(_ text: String) -> Range<Int>? {
        switch text.lowercased() {
        case "morning": 6 * 60 ..< 12 * 60
        case "lunch", "lunchtime", "midday": 11 * 60 ..< 15 * 60
        case "afternoon": 12 * 60 ..< 17 * 60
        case "evening", "dinner", "tonight", "night": 17 * 60 ..< 24 * 60
        default: nil
        }
    }
}
