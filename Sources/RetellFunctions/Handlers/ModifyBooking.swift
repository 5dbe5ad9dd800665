import Bookings
import Domain
import Foundation

/// `modify_booking`: the same atomic check as a new booking, not counting the booking itself.
enum ModifyBooking {
    static func handle(_ c: FunctionContext) async throws -> MutationResult {
        let request = ModifyBookingRequest(
            code: try c.args.required("confirmation_code", c.args.code),
            date: try c.args.date("date"), time: try c.args.time("time"), partySize: try c.args.int("party_size"),
            service: try c.args.string("service"), notes: try c.args.string("notes", max: 1000))
        let answer = c.answer
        return try await c.bookings.modify(c.rules, businessID: c.business.id, request: request, actor: c.actor, idempotency: c.idempotency) {
            AgentAnswer.encode(OutcomeAnswer.render($0, answer))
        }
    }
}
