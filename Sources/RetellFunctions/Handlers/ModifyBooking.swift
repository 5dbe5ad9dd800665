import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `modify_booking`: the same atomic check as a new booking, not counting the booking itself.
    static let modifyBooking = AgentFunction(
        name: "modify_booking",
        description: "Change the day, time, number of people, service or notes of an existing booking, found by its confirmation code.",
        parameters: [
            .code, Parameter("date", .string, "New day, YYYY-MM-DD."), Parameter("time", .string, "New local time, HH:MM."),
            Parameter("party_size", .integer, "New number of people."), .service, Parameter("notes", .string, "New notes."), .idempotency,
        ],
        mutates: true, speakDuringExecution: true
    ) { c in c.reply(try await ModifyBooking.handle(c)) }
}

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
