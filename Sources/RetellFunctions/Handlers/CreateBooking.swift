import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `create_booking`: checks and writes atomically; the caller's own number is the default phone.
    static let createBooking = AgentFunction(
        name: "create_booking",
        description: "Book a time after the caller has confirmed the day, time, number of people and their name. Returns a short confirmation code to read back letter by letter.",
        parameters: [
            .date, .time, Parameter("party_size", .integer, Parameter.partySize.description, required: true),
            Parameter("name", .string, "The caller's name for the booking.", required: true),
            Parameter("phone", .string, "The caller's phone number in international form; leave out to use the number they are calling from."),
            Parameter("email", .string, "The caller's email address, only if they want the confirmation by email; spell it back first."),
            .service, .staff, Parameter("notes", .string, "Special requests (high chair, allergy, occasion)."),
            Parameter("holes", .string, "For golf: NINE or EIGHTEEN.", allowed: ["NINE", "EIGHTEEN"]), .idempotency,
        ],
        mutates: true, speakDuringExecution: true
    ) { c in c.reply(try await CreateBooking.handle(c)) }
}

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
