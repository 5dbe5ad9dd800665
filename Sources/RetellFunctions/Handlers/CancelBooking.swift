import Bookings
import Foundation

extension AgentFunction {
    /// `cancel_booking`: status CANCELLED, never deleted; a second cancel answers the same booking.
    static let cancelBooking = AgentFunction(
        name: "cancel_booking",
        description: "Cancel a booking by its confirmation code after the caller confirms. Cancelling twice is harmless.",
        parameters: [.code, Parameter("reason", .string, "Why, if the caller says."), .idempotency],
        mutates: true, speakDuringExecution: true
    ) { c in c.reply(try await CancelBooking.handle(c)) }
}

enum CancelBooking {
    static func handle(_ c: FunctionContext) async throws -> MutationResult {
        let code = try c.args.required("confirmation_code", c.args.code)
        let reason = try c.args.string("reason", max: 500)
        let answer = c.answer
        return try await c.bookings.cancel(businessID: c.business.id, code: code, reason: reason, actor: c.actor, idempotency: c.idempotency) {
            AgentAnswer.encode(OutcomeAnswer.render($0, answer))
        }
    }
}
