import Bookings
import Domain
import Foundation
import Storage

/// Everything one function call needs, resolved once by the controller.
struct FunctionContext: Sendable {
    let function: AgentFunction
    let business: Business
    let rules: BookingRules
    let args: Arguments
    let callID: String?
    let fromNumber: PhoneNumber?
    let idempotency: IdempotencyKey?
    let answer: AgentAnswer
    let bookings: BookingService
    let database: Database
    let requestID: String

    var actor: Actor { Actor(type: "agent", id: callID, callID: callID, requestID: requestID) }

    /// The party size asked for, or a sensible default for a question without one.
    func partySize(required: Bool) throws -> Int {
        if let n = try args.int("party_size") { return n }
        if required { throw ArgumentError(field: "party_size", message: "is required") }
        return max(rules.policy.minPartySize, min(2, rules.policy.maxPartySize))
    }
}

extension AgentAnswer: @unchecked Sendable {}

/// Renders booking outcomes the same way for create, modify and cancel (and so for their replays).
enum OutcomeAnswer {
    static func render(_ outcome: BookingOutcome, _ a: AgentAnswer) -> [String: Any] {
        switch outcome {
        case .booked(let b):
            return a.ok(["booking": a.booking(b), "message": "Booked for \(a.booking(b)["spoken"] ?? ""). Confirmation code \(b.confirmationCode)."])
        case .modified(_, let after):
            return a.ok(["booking": a.booking(after), "message": "Changed to \(a.booking(after)["spoken"] ?? "")."])
        case .cancelled(let b, let already):
            return a.ok(["booking": a.booking(b), "already_cancelled": already, "message": already ? "That booking was already cancelled." : "The booking is cancelled."])
        case .refused(let refusal, let alternatives):
            return a.failure(refusal.code, refusal.message, ["alternatives": alternatives.map(a.slot)])
        case .notFound:
            return a.failure("NOT_FOUND", "No booking with that confirmation code.")
        case .notModifiable(let status):
            return a.failure("NOT_MODIFIABLE", "That booking is \(status.rawValue.lowercased()) and cannot be changed.")
        }
    }
}
