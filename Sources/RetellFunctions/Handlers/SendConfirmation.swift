import Bookings
import Storage
import Foundation

extension AgentFunction {
    /// `send_confirmation`: the booking's details again, by text or email, through the outbox.
    static let sendConfirmation = AgentFunction(
        name: "send_confirmation",
        description: "Send the booking's details to the caller by text message (or email when asked).",
        parameters: [.code, Parameter("channel", .string, "sms (default) or email.", allowed: ["sms", "email"]), .idempotency],
        mutates: true, speakDuringExecution: false
    ) { c in c.reply(try await SendConfirmation.handle(c)) }
}

enum SendConfirmation {
    static func handle(_ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let code = try c.args.required("confirmation_code", c.args.code)
        let text = try c.args.string("channel")?.lowercased() ?? "sms"
        guard let channel = ConfirmationRequests.Channel(rawValue: text) else { throw ArgumentError(field: "channel", message: "must be sms or email") }
        let answer = c.answer
        return try await c.confirmations.request(businessID: c.business.id, code: code, channel: channel, callID: c.callID,
                                                 idempotency: c.idempotency) { outcome in
            switch outcome {
            case .notFound:
                AgentAnswer.encode(answer.failure("NOT_FOUND", "No booking with that confirmation code."))
            case .noAddress(.sms):
                AgentAnswer.encode(answer.failure("INVALID_ARGUMENT", "That booking has no phone number to text.", ["field": "channel"]))
            case .noAddress(.email):
                AgentAnswer.encode(answer.failure("INVALID_ARGUMENT", "That booking has no email address; offer a text instead.", ["field": "channel"]))
            case .queued(let confirmationCode, let channel):
                AgentAnswer.encode(answer.ok([
                    "message": channel == .sms ? "A text with the details is on its way." : "An email with the details is on its way.",
                    "channel": channel.rawValue, "confirmation_code": confirmationCode,
                ]))
            }
        }
    }
}
