/// A phone number in E.164 (`+14155550123`), the one form Retell, Twilio and our lookups agree on.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    /// Accepts E.164 with common separators (`+1 (415) 555-0123`); a number without its `+country` prefix is refused,
    /// because guessing the country would silently text the wrong person.
    public init(_ text: String, field: String) throws(ValidationError) {
        let trimmed = text.trimmingCharacters(in: " \t")
        var digits = ""
        for (index, ch) in trimmed.enumerated() {
            if ch == "+" && index == 0 { continue }
            if ch.isASCII && ch.isNumber {
                digits.append(ch)
                continue
            }
            if " -().".contains(ch) { continue }
            throw ValidationError(field: field, "'\(text)' is not a phone number in E.164 form, e.g. +14155550123")
        }
        guard trimmed.first == "+", (7 ... 15).contains(digits.count), digits.first != "0" else {
            throw ValidationError(field: field, "'\(text)' is not a phone number in E.164 form, e.g. +14155550123")
        }
        self.e164 = "+" + digits
    }

    public var description: String { e164 }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}
