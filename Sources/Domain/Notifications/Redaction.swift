/// Recipients as operators may see them in logs and the notification history: enough to tell two apart, not to reuse.
public enum Redaction {
    /// "+1•••••••4567"
    public static func phone(_ e164: String) -> String {
        guard e164.count > 6 else { return "•••" }
        return String(e164.prefix(2)) + String(repeating: "•", count: e164.count - 6) + String(e164.suffix(4))
    }

    /// "a•••@example.com"
    public static func email(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), at > address.startIndex else { return "•••" }
        return String(address[address.startIndex]) + "•••" + String(address[at...])
    }
}
