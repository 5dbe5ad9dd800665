/// Short codes a caller can say and hear: no 0/O, 1/I/L look- or sound-alikes.
public enum ConfirmationCode {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 6

    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0 ..< length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    /// Upper-cases and drops spaces and dashes a caller or the LLM may add ("ab-c 123"); nil when not a code shape.
    public static func normalize(_ text: String) -> String? {
        let cleaned = text.uppercased().filter { $0 != " " && $0 != "-" }
        guard cleaned.count == length, cleaned.allSatisfy(alphabet.contains) else { return nil }
        return cleaned
    }
}
