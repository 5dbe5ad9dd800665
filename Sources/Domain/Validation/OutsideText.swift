/// Text from outside the process as PostgreSQL and a reader can take it: `text` columns refuse NUL, and other control
/// characters in a name or identifier are never meant (tab, line feed and carriage return are kept for notes).
public enum OutsideText {
    /// Why `text` cannot be stored as a field's value, or nil when it can.
    public static func problem(_ text: String) -> String? {
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7f {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            return scalar.value == 0 ? "must not contain a NUL character" : "must not contain control characters"
        }
        return nil
    }

    /// An identifier another system gave us (a call id, an agent id): present, at most `max` characters, printable.
    public static func identifier(_ text: String, field: String, max: Int) throws(ValidationError) -> String {
        guard !text.isEmpty else { throw ValidationError(field: field, "must not be empty") }
        guard text.unicodeScalars.count <= max else { throw ValidationError(field: field, "must be at most \(max) characters") }
        if let problem = problem(text) { throw ValidationError(field: field, problem) }
        return text
    }
}
