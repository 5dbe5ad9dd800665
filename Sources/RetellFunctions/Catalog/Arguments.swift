import Domain
import Foundation

/// An argument the agent sent that cannot be used; answered as `INVALID_ARGUMENT` naming the field.
public struct ArgumentError: Error, Sendable {
    public var field: String
    public var message: String
}

/// Typed, lenient reads of the agent's arguments (LLMs send "4" for 4 and "7:30 pm" for 19:30).
public struct Arguments: @unchecked Sendable {
    let values: [String: Any]
    let today: LocalDate

    init(_ values: [String: Any], today: LocalDate) {
        self.values = values
        self.today = today
    }

    func present(_ name: String) -> Any? {
        guard let v = values[name], !(v is NSNull) else { return nil }
        if let s = v as? String, s.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        return v
    }

    func required<T>(_ name: String, _ read: (String) throws -> T?) throws -> T {
        guard let value = try read(name) else { throw ArgumentError(field: name, message: "is required") }
        return value
    }

    func string(_ name: String, max: Int = 500) throws -> String? {
        guard let v = present(name) else { return nil }
        let text = (v as? String) ?? "\(v)"
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= max else { throw ArgumentError(field: name, message: "must be at most \(max) characters") }
        if let problem = OutsideText.problem(trimmed) { throw ArgumentError(field: name, message: problem) }
        return trimmed
    }

    /// Whole numbers an agent can mean (a party, a count of holes); past a million it is an overflow or an attack.
    static let wholeNumbers = -1_000_000...1_000_000

    func int(_ name: String) throws -> Int? {
        guard let v = present(name) else { return nil }
        // JSON true/false also arrive as NSNumber (and `1 is Bool` holds on Linux): tell them apart by the stored type.
        // `intValue` would wrap 1e30 into a small number: the value is read as a Double and range-checked instead.
        let number: Double
        if let n = v as? NSNumber, String(cString: n.objCType) != "c" {
            number = n.doubleValue
        } else if let s = v as? String, let n = Double(s.trimmingCharacters(in: .whitespaces)) {
            number = n
        } else {
            throw ArgumentError(field: name, message: "must be a whole number")
        }
        guard number.isFinite, number == number.rounded() else { throw ArgumentError(field: name, message: "must be a whole number") }
        guard let whole = OutsideNumber.integer(number, in: Self.wholeNumbers) else {
            throw ArgumentError(field: name, message: "must be between \(Self.wholeNumbers.lowerBound) and \(Self.wholeNumbers.upperBound)")
        }
        return whole
    }

    func bool(_ name: String) throws -> Bool? {
        guard let v = present(name) else { return nil }
        if let b = v as? Bool { return b }
        if let s = (v as? String)?.lowercased() {
            if ["true", "yes", "1"].contains(s) { return true }
            if ["false", "no", "0"].contains(s) { return false }
        }
        throw ArgumentError(field: name, message: "must be true or false")
    }

    /// `YYYY-MM-DD`, or `today` / `tomorrow` in the business's calendar.
    func date(_ name: String) throws -> LocalDate? {
        guard let text = try string(name)?.lowercased() else { return nil }
        if text == "today" { return today }
        if text == "tomorrow" { return today.adding(days: 1) }
        do {
            return try LocalDate(parsing: String(text.prefix(10)), field: name)
        } catch {
            throw ArgumentError(field: name, message: "must be a date YYYY-MM-DD, e.g. \(today.adding(days: 3))")
        }
    }

    /// `19:30`, `7:30 pm`, `7pm`, `19:30:00`.
    func time(_ name: String) throws -> LocalTime? {
        guard let text = try string(name) else { return nil }
        guard let time = Self.parseTime(text) else {
            throw ArgumentError(field: name, message: "must be a time HH:MM, e.g. 19:30")
        }
        return time
    }

    static func parseTime(_ raw: String) -> LocalTime? {
        var text = raw.lowercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        var meridiem: String?
        for suffix in ["am", "pm"] where text.hasSuffix(suffix) {
            meridiem = suffix
            text.removeLast(2)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              var hour = Int(parts[0]) else { return nil }
        let minute = parts.count > 1 ? Int(parts[1]) ?? -1 : 0
        guard (0...59).contains(minute) else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
        }
        guard (0...23).contains(hour) else { return nil }
        return LocalTime(minutes: hour * 60 + minute)
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

    func phone(_ name: String) throws -> PhoneNumber? {
        guard let text = try string(name) else { return nil }
        do { return try PhoneNumber(text, field: name) } catch {
            throw ArgumentError(field: name, message: "must be a phone number with its country code, e.g. +14155550123")
        }
    }

    func code(_ name: String) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard let code = ConfirmationCode.normalize(text) else {
            throw ArgumentError(field: name, message: "is not a confirmation code (six letters and digits)")
        }
        return code
    }

    /// An email address as the caller spelled it (the agent is told to read it back first).
    func email(_ name: String) throws -> String? {
        guard let text = try string(name, max: 254)?.replacingOccurrences(of: " ", with: "") else { return nil }
        do { try Business.validateEmail(text, field: name) } catch {
            throw ArgumentError(field: name, message: "must be an email address, e.g. ada@example.com")
        }
        return text
    }
}
