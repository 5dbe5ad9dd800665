/// The limits on an appointment business's services and staff, in one place for the owner API and the console.
/// Errors name `field` + `.name`, `.duration_minutes`, `.buffer_before_minutes` or `.buffer_after_minutes`.
public enum ServiceRules {
    public static func service(
        name typed: String, durationMinutes: Int, bufferBefore: Int, bufferAfter: Int, field: String, existing: [Service],
        durations: [Int] = []
    ) throws(ValidationError) -> Service {
        let name = try Self.name(typed, field: field, taken: existing.map(\.name))
        guard (5 ... 1440).contains(durationMinutes) else {
            throw ValidationError(field: "\(field).duration_minutes", "must be between 5 and 1440")
        }
        for (key, value) in [("buffer_before_minutes", bufferBefore), ("buffer_after_minutes", bufferAfter)] where !(0 ... 240).contains(value) {
            throw ValidationError(field: "\(field).\(key)", "must be between 0 and 240")
        }
        guard durations.count <= 6 else { throw ValidationError(field: "\(field).durations", "at most 6 lengths") }
        for (index, minutes) in durations.enumerated() where !(5 ... 1440).contains(minutes) {
            throw ValidationError(field: "\(field).durations[\(index)]", "must be between 5 and 1440")
        }
        return Service(
            name: name, durationMinutes: durationMinutes, bufferBeforeMinutes: bufferBefore, bufferAfterMinutes: bufferAfter,
            durations: Array(Set(durations)).sorted())
    }

    /// A service's or a staff member's name: trimmed, 1–100 characters, not already on the list (case aside).
    public static func name(_ typed: String, field: String, taken: [String]) throws(ValidationError) -> String {
        let name = typed.trimmingCharacters(in: .whitespaces)
        guard (1 ... 100).contains(name.unicodeScalars.count) else { throw ValidationError(field: "\(field).name", "must be 1–100 characters") }
        guard !taken.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw ValidationError(field: "\(field).name", "is listed twice")
        }
        return name
    }
}
