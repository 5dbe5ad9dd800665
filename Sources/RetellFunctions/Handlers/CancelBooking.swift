import Bookings
import Foundation

/// `cancel_booking`: status CANCELLED, never deleted; a second cancel answers the same booking.
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
