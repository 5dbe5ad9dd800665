import Bookings
import Foundation

/// Renders booking outcomes the same way for create, modify and cancel (and so for their replays).
enum OutcomeAnswer {
    static func render(_ outcome: BookingOutcome, _ a: AgentAnswer) -> [String: Any] {
        switch outcome {
        case .booked(let b):
            return a.ok(["booking": a.booking(b), "message": "Booked for \(a.booking(b)["spoken"] ?? ""). Confirmation code \(b.confirmationCode)."])
        case .modified(_, let after):
            return a.ok(["booking": a.booking(after), "message": "Changed to \(a.booking(after)["spoken"] ?? "")."])
        case .cancelled(let b, let already):
            return a.ok([
                "booking": a.booking(b), "already_cancelled": already,
                "message": already ? "That booking was already cancelled." : "The booking is cancelled.",
            ])
        case .refused(let refusal, let alternatives):
            return a.refused(refusal, alternatives: alternatives)
        case .notFound:
            return a.failure("NOT_FOUND", "No booking with that confirmation code.")
        case .notModifiable(let status):
            return a.failure("NOT_MODIFIABLE", "That booking is \(status.rawValue.lowercased()) and cannot be changed.")
        }
    }
}
