import Foundation

/// A subject (email only) and body with `{placeholder}`s, rendered in the business's words and time zone.
public struct MessageTemplate: Sendable, Equatable, Codable {
    public var subject: String?
    public var body: String

    public init(subject: String?, body: String) {
        self.subject = subject
        self.body = body
    }

    /// The wording a business gets until it writes its own: short enough for one or two SMS segments.
    public static func builtIn(_ kind: NotificationKind) -> MessageTemplate {
        switch kind {
        case .bookingConfirmed:
            MessageTemplate(
                subject: "Your booking at {business}",
                body: "{business}: you're booked, {details}, {when}. Confirmation code {code}. To change or cancel, call {business_phone}.")
        case .bookingChanged:
            MessageTemplate(
                subject: "Your booking at {business} has changed",
                body: "{business}: your booking {code} is now {details}, {when}. To change or cancel, call {business_phone}.")
        case .bookingCancelled:
            MessageTemplate(
                subject: "Your booking at {business} is cancelled",
                body: "{business}: your booking {code} for {when} is cancelled. We hope to see you another time.")
        case .bookingReminder:
            MessageTemplate(
                subject: "Reminder: {business}, {when}",
                body: "Reminder from {business}: {details}, {when}. Code {code}. To change or cancel, call {business_phone}.")
        case .ownerMessage:
            MessageTemplate(
                subject: "{urgent}Message from {caller_name} ({caller_phone})",
                body: "{urgent}{caller_name} ({caller_phone}) left a message for {business} on {when}:\n\n{message}")
        case .ownerCalendarDisconnected:
            MessageTemplate(
                subject: "Google Calendar disconnected for {business}",
                body:
                    "Google Calendar stopped accepting {business}'s bookings ({summary}). Bookings are safe and keep being taken; they will "
                    + "be copied to the calendar once you reconnect it in your settings."
            )
        case .ownerPhoneAgentBroken:
            MessageTemplate(
                subject: "Your phone agent for {business} stopped updating",
                body:
                    "Retell stopped accepting the platform's changes to {business}'s phone agent ({summary}). It keeps answering calls "
                    + "with what it knew; changes to your hours or rules reach it once the platform team has fixed the connection."
            )
        case .ownerBookingAlert:
            MessageTemplate(
                subject: "{change}: {name}, {when}",
                body: "{business}: {change} — {name}, {details}, {when} (code {code}).")
        case .waitlistOffer:
            MessageTemplate(
                subject: "A place at {business} is free",
                body: "{business}: {details}, {when}, is free. Reply YES within {minutes} minutes to book it, or NO to let it go.")
        case .ownerCalendarChange:
            MessageTemplate(
                subject: "{name}'s booking was {change} in Google Calendar",
                body:
                    "{business}: {name}'s booking {code} ({details}, {when}) was {change} in your Google Calendar. The booking still "
                    + "stands and the customer has not been told. Choose what to do: {link}")
        case .ownerCallNotice:
            MessageTemplate(
                subject: "Call {outcome}: {caller_phone}",
                body: "A call to {business} from {caller_phone} on {when} ended as {outcome}.\n\n{summary}")
        }
    }

    /// Placeholders replaced by their values; an unknown one is left as written (validation keeps them out).
    public func render(_ values: [String: String]) -> (subject: String?, body: String) {
        (subject.map { Self.fill($0, values) }, Self.fill(body, values))
    }

    /// Rejects unknown placeholders and over-long text, naming the field, so a typo never reaches a customer.
    public func validate(for kind: NotificationKind, field: String) throws(ValidationError) {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, body.unicodeScalars.count <= 1600 else { throw ValidationError(field: "\(field).body", "must be 1–1600 characters") }
        if let subject, subject.unicodeScalars.count > 200 { throw ValidationError(field: "\(field).subject", "must be at most 200 characters") }
        for (text, part) in [(body, "body"), (subject ?? "", "subject")] {
            for name in Self.placeholderNames(text) where !kind.placeholders.contains(name) {
                let allowed = kind.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
                throw ValidationError(field: "\(field).\(part)", "{\(name)} is not a placeholder of \(kind.rawValue); use \(allowed)")
            }
        }
    }

    static func placeholderNames(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    static func fill(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        out += rest
        return out
    }
}
