import Bookings
import Domain
import Foundation
import Storage

/// How a booking reads on the console's pages: local time, words for its status and source, and the status changes
/// allowed now (`StatusTransition`), each a button.
extension ConsoleController {
    static func statusWord(_ status: BookingStatus) -> String {
        switch status {
        case .pending: "Pending"
        case .confirmed: "Confirmed"
        case .cancelled: "Cancelled"
        case .completed: "Seated / done"
        case .noShow: "No-show"
        }
    }

    static func sourceWord(_ source: BookingSource) -> String {
        switch source {
        case .phone: "Phone agent"
        case .owner: "The team"
        case .walkIn: "Walk-in"
        case .api: "API"
        }
    }

    /// The buttons a booking shows: the changes its status allows now, in the host's words.
    static func actions(_ booking: Booking, now: Date) -> [[String: Any]] {
        StatusTransition.allowed(from: booking.status, start: booking.start, now: now).compactMap { status -> [String: Any]? in
            let label: String? =
                switch status {
                case .completed: "Seated"
                case .noShow: "No-show"
                case .cancelled: "Cancel"
                case .confirmed: booking.status == .cancelled ? "Restore" : "Confirm"
                case .pending: nil
                }
            return label.map { ["status": status.rawValue, "label": $0, "danger": status == .cancelled || status == .noShow] }
        }
    }

    /// `questions` label the intake answers (an answer to a question since removed shows under its key).
    static func bookingItem(
        _ b: Booking, clock: ZonedClock, base: String, now: Date, questions: [IntakeQuestion] = []
    ) -> [String: Any] {
        let local = clock.local(b.start)
        var item: [String: Any] = [
            "id": b.id.uuidString.lowercased(), "link": "\(base)/bookings/\(b.id.uuidString.lowercased())", "code": b.confirmationCode,
            "date": local.date.description, "day": longDate(local.date), "time": LocalTime(minutes: local.minutes).description,
            "name": b.customerName ?? "(erased)", "party": b.partySize, "status": statusWord(b.status),
            "statusClass": b.status.rawValue.lowercased(), "source": sourceWord(b.source), "actions": actions(b, now: now),
        ]
        // Every optional key is present (false when empty): a missing one would be looked up in the page's context.
        item["phone"] = b.customerPhone ?? false
        item["service"] = b.service ?? false
        item["staff"] = b.staffName ?? false
        item["notes"] = b.notes.flatMap { $0.isEmpty ? nil : $0 } ?? false
        item["email"] = b.customerEmail ?? false
        item["callLink"] = b.callID.map { "\(base)/calls/\(escapePath($0))" } ?? false
        item["override"] = b.options["override"] == "capacity"
        item["round"] = b.options["holes"].flatMap(RoundType.Holes.init(rawValue:))?.spoken ?? false
        item["price"] =
            b.options["price_per_player"].flatMap { Price(plain: $0, currency: b.options["currency"] ?? "USD") }.map { "\($0.display) per player" }
            ?? false
        item["length"] = "\(Int(b.end.timeIntervalSince(b.start) / 60)) minutes"
        let answers = b.intake.sorted { $0.key < $1.key }.map { key, answer -> [String: Any] in
            ["question": questions.first { $0.key == key }?.label ?? key, "answer": answer]
        }
        item["answers"] = answers
        item["hasAnswers"] = !answers.isEmpty
        return item
    }

    /// Who made a change, as the booking's history says it.
    static func actorWord(_ type: String) -> String {
        switch type {
        case "agent": "the phone agent"
        case "owner": "the team"
        case "platform": "the platform"
        default: "the system"
        }
    }

    /// The console's actor on a booking's history: the signed-in account.
    static func actor(_ session: AccountStore.Session) -> Actor {
        Actor(type: "owner", id: session.account.id.uuidString.lowercased())
    }

    /// A refusal in a host's words, with the engine's nearest free times as choices.
    /// The rounds a golf course sells, for a walk-in's or a new booking's form (the longest first, as the engine assumes);
    /// false for a business without rounds, so the template shows no select.
    static func roundChoice(_ business: Business, selected: String?) -> Any {
        let rounds = business.policy.roundTypes.sorted { $0.minutes > $1.minutes }
        guard !rounds.isEmpty else { return false }
        let chosen = selected.flatMap { s in rounds.first { $0.holes.rawValue == s } }?.holes ?? rounds[0].holes
        return ["options": rounds.map { ["value": $0.holes.rawValue, "label": $0.holes.spoken, "selected": $0.holes == chosen] as [String: Any] }]
    }

    /// The round typed in a form, when the course sells it.
    static func round(_ form: FormBody, _ business: Business) -> String? {
        business.policy.roundTypes.first { $0.holes.rawValue == form["holes"] }?.holes.rawValue
    }

    static func refusalText(_ refusal: Refusal) -> String {
        let message = refusal.message
        return "Not possible: " + message + "."
    }

    static func alternatives(_ slots: [Slot]) -> [[String: Any]] {
        slots.prefix(4).map { ["date": $0.date.description, "time": $0.localTime.description, "label": "\(longDate($0.date)) at \($0.localTime)"] }
    }
}
