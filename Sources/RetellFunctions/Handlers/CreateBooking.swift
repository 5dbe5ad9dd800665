import Bookings
import Domain
import Foundation

/// `create_booking`: checks and writes atomically; the caller's own number is the default phone.
enum CreateBooking {
    static func handle(_ c: FunctionContext) async throws -> MutationResult {
        var options: [String: String] = [:]
        if let holes = try c.args.string("holes")?.uppercased() {
            guard ["NINE", "EIGHTEEN"].contains(holes) else { throw ArgumentError(field: "holes", message: "must be NINE or EIGHTEEN") }
            options["holes"] = holes
        }
        let request = CreateBookingRequest(
            date: try c.args.required("date", c.args.date),
            time: try c.args.required("time", c.args.time),
            query: SlotQuery(partySize: try c.partySize(required: true), service: try c.args.string("service"), staff: try c.args.string("staff")),
            name: try c.args.required("name") { try c.args.string($0, max: 100) },
            phone: try c.args.phone("phone") ?? c.fromNumber,
            notes: try c.args.string("notes", max: 1000),
            options: options, source: .phone, email: try c.args.email("email"))
        let answer = c.answer
        return try await c.bookings.create(c.rules, businessID: c.business.id, request: request, actor: c.actor, idempotency: c.idempotency) {
            AgentAnswer.encode(OutcomeAnswer.render($0, answer))
        }
    }
}
