import Foundation

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
            // A run of phone characters may be a number (see `looksLikePhone`).
            if ch == "+" || ch.isNumber {
                var end = index
                var digits = ""
                while end < text.endIndex, isPhoneCharacter(text[end]) {
                    if text[end].isNumber { digits.append(text[end]) }
                    end = text.index(after: end)
                }
                if looksLikePhone(digits: digits.count, plus: ch == "+") {
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
        // Every user@host.tld in the text: keep the first letter and the domain.
        return Self.maskEmails(out)
    }

    static let emailPattern = try! NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")

    static func maskEmails(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        var out = text
        for match in emailPattern.matches(in: text, range: range).reversed() {
            guard let r = Range(match.range, in: out) else { continue }
            out.replaceSubrange(r, with: email(String(out[r])))
        }
        return out
    }

    /// A request path for logs: a segment holding a phone number (`/customers/%2B14155550123/erase`) is masked.
    public static func path(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let decoded = segment.removingPercentEncoding ?? String(segment)
            let digits = decoded.filter(\.isNumber)
            guard looksLikePhone(digits: digits.count, plus: decoded.hasPrefix("+")), decoded.allSatisfy(isPhoneCharacter) else {
                return String(segment)
            }
            return phone("+" + digits)
        }.joined(separator: "/")
    }

    static func isPhoneCharacter(_ ch: Character) -> Bool { ch.isNumber || "+ -().".contains(ch) }

    /// A run of phone characters is a number when it starts with + (7+ digits) or has 10+ digits, so codes like 21211
    /// and dates stay readable.
    static func looksLikePhone(digits: Int, plus: Bool) -> Bool { digits >= (plus ? 7 : 10) }
}
