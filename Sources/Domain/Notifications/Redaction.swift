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

    /// Free text from a provider ("The 'To' number +14155550123 is not a valid phone number") with every phone number
    /// and email address in it masked, so error histories never keep a customer's contact details.
    public static func scrub(_ text: String) -> String {
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            // A run of digits with separators is a phone number when it starts with + (7+ digits) or has 10+ digits
            // (so codes like 21211 and dates stay readable).
            if ch == "+" || ch.isNumber {
                var end = index
                var digits = ""
                while end < text.endIndex, text[end].isNumber || "+ -().".contains(text[end]) {
                    if text[end].isNumber { digits.append(text[end]) }
                    end = text.index(after: end)
                }
                if digits.count >= (ch == "+" ? 7 : 10) {
                    var trailing = ""
                    var cut = end
                    while cut > index, !text[text.index(before: cut)].isNumber {
                        cut = text.index(before: cut)
                        trailing = String(text[cut]) + trailing
                    }
                    out += phone("+" + digits) + trailing
                    index = end
                    continue
                }
            }
            out.append(ch)
            index = text.index(after: index)
        }
        // user@host: keep the first letter and the domain.
        return out.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard word.contains("@"), let at = word.firstIndex(of: "@"), at > word.startIndex, word[word.index(after: at)...].contains(".") else {
                return String(word)
            }
            let start = word.firstIndex { $0.isLetter || $0.isNumber } ?? word.startIndex
            return String(word[..<start]) + email(String(word[start...]))
        }.joined(separator: " ")
    }
}
