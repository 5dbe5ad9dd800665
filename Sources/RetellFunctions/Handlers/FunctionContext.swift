import Bookings
import Domain
import Foundation
import Storage

/// Everything one function call needs, resolved once by `FunctionRunner`.
struct FunctionContext: Sendable {
    let business: Business
    let rules: BookingRules
    /// The arguments object as the envelope parsed it, read into the function's typed arguments by its definition.
    let arguments: [String: JSONValue]
    /// The business's today, language and hours, for arguments such as "tomorrow" or "7", and what they were read as.
    let caller: CallerContext
    let callID: String?
    let fromNumber: PhoneNumber?
    let idempotency: IdempotencyKey?
    let answer: AgentAnswer
    let bookings: BookingService
    let confirmations: ConfirmationRequests
    let messages: MessageTaking
    let waitlist: Waitlist
    let requestID: String

    var today: LocalDate { caller.today }

    /// The business and its rules as the booking use cases take them.
    var tenant: Tenant { Tenant(id: business.id, rules: rules) }

    var actor: Actor { Actor(type: "agent", id: callID, callID: callID, requestID: requestID) }

    /// The party size asked for, or a sensible default for a question without one.
    func partySize(_ asked: Int?) -> Int {
        asked ?? max(rules.policy.minPartySize, min(2, rules.policy.maxPartySize))
    }

    /// A use case's refusal of a value (the intake answers, which the booking use cases check once, before or under the
    /// business's lock) answered as the argument the agent should fix; nothing was written.
    func fixable<Value>(_ body: () async throws -> Value) async throws -> Value {
        do { return try await body() } catch let error as ValidationError { throw ArgumentError(field: error.field, message: error.message) }
    }

    /// A mutation's answer: its stored bytes, fresh or replayed, or the refusal of a reused key.
    func reply<Value>(_ outcome: IdempotentOutcome<Value>) -> FunctionAnswer { stored(outcome) }

    /// A booking mutation's answer, its `ok` and error code taken from the outcome just rendered rather than parsed
    /// back from the bytes for the audit row.
    func reply(_ result: MutationResult) -> FunctionAnswer {
        var reply = stored(result)
        if case .fresh(let outcome, _) = result { reply.outcome = OutcomeAnswer.okAndError(outcome) }
        return reply
    }

    func stored<Value>(_ outcome: IdempotentOutcome<Value>) -> FunctionAnswer {
        switch outcome {
        case .fresh(_, let body): FunctionAnswer(bytes: body, replayed: false)
        case .replayed(let body): FunctionAnswer(bytes: body, replayed: true)
        case .keyReused:
            FunctionAnswer(
                answer.failure(
                    "IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different request.",
                    ["field": "idempotency_key"]))
        }
    }
}

extension AgentAnswer: @unchecked Sendable {}
