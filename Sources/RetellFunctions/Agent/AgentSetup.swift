import Domain
import Foundation

/// What a business's phone agent must know, from the same catalog the server validates with: the custom-function
/// tools (this server's URLs, an explicit `max_retry`) and the prompt of the business's facts. The owner API hands it
/// out; the provisioner writes it into Retell and re-publishes it when the facts change.
public enum AgentSetup {
    /// Retell retries a tool call only when `max_retry` > 0 (retell-provisioning.md corrects retell.md here): one retry,
    /// which our functions absorb (mutations are idempotent per call and tool-call id).
    public static let maxRetry = 1

    public static func customTools(baseURL: String, businessID: UUID) -> [[String: Any]] {
        let root = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let base = "\(root)/v1/retell/\(businessID.uuidString.lowercased())/functions"
        return FunctionCatalog.all.map { f in
            [
                "type": "custom", "name": f.name, "description": f.description, "url": "\(base)/\(f.name)", "method": "POST",
                "parameters": f.jsonSchema, "speak_during_execution": f.speakDuringExecution, "speak_after_execution": true,
                "timeout_ms": 10_000, "args_at_root": false, "max_retry": maxRetry,
            ]
        }
    }

    /// The business's facts and rules for the agent's prompt, in plain sentences.
    public static func prompt(_ business: Business, _ rules: BookingRules) -> String {
        var lines = [
            "You answer the phone for \(business.name). Its time zone is \(business.timezone.identifier); every date and time you say or send "
                + "is local to it."
        ]
        var hours: [String] = []
        for day in Weekday.allCases {
            let ranges = rules.schedule.weekly.intervals(on: day)
            hours.append(
                ranges.isEmpty
                    ? "\(day.name.capitalized): closed"
                    : "\(day.name.capitalized): "
                        + ranges.map { "\(Speech.time($0.opens.minutes)) to \(Speech.time($0.closes.minutes))" }.joined(separator: " and "))
        }
        lines.append("Opening hours: " + hours.joined(separator: "; ") + ".")
        // Holidays and special days from today on (the answers of check_availability stay the authority).
        let today = rules.clock.today(Date())
        let exceptions = rules.schedule.overrides.values.filter { $0.date >= today }.sorted { $0.date < $1.date }.prefix(20).map { o in
            let day = Speech.date(o.date, today: today)
            let what =
                o.closed
                ? "closed"
                : "open " + o.intervals.map { "\(Speech.time($0.opens.minutes)) to \(Speech.time($0.closes.minutes))" }.joined(separator: " and ")
            return "\(day): \(what)" + (o.reason.map { " (\($0))" } ?? "")
        }
        if !exceptions.isEmpty { lines.append("Exceptions to these hours: " + exceptions.joined(separator: "; ") + ".") }
        let p = rules.policy
        lines.append(
            "Bookings are for \(p.minPartySize) to \(p.maxPartySize) people, at least \(Speech.duration(p.minNoticeMinutes)) ahead, and at "
                + "most \(p.bookingHorizonDays) days ahead."
        )
        if business.kind == .appointments, !rules.services.isEmpty {
            lines.append("Services: " + rules.services.map { "\($0.name) (\($0.durationMinutes) minutes)" }.joined(separator: ", ") + ".")
        }
        lines.append(
            "Never promise a time without check_availability, and never book without create_booking; read the confirmation code back letter "
                + "by letter."
        )
        lines.append("Use the 'today' field of each answer to turn words like 'tomorrow' or 'Friday' into a date; never book a past date.")
        if let transfer = business.transferPhone {
            lines.append(
                "Transfer the caller to \(transfer.e164) when they ask for a person, when an answer says action transfer_call, or when you "
                    + "cannot help."
            )
        } else {
            lines.append("When you cannot help, or an answer says action take_message, take a message with take_message.")
        }
        return lines.joined(separator: "\n")
    }
}
