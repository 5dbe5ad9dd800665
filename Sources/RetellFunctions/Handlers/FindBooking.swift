import Foundation

extension AgentFunction {
    /// `find_booking`: upcoming bookings of this business by code, phone (the caller's by default) or name and day.
    static let findBooking = AgentFunction(
        name: "find_booking",
        description: "Find the caller's upcoming bookings by confirmation code, by phone (defaults to the number calling), or by name and day.",
        parameters: [
            Parameter("confirmation_code", .string, Parameter.code.description), Parameter("phone", .string, "Phone number the booking was made with."),
            Parameter("name", .string, "Name on the booking."), Parameter("date", .string, "Day of the booking, YYYY-MM-DD."),
        ],
        mutates: false, speakDuringExecution: false
    ) { c in FunctionAnswer(try await FindBooking.handle(c)) }
}

enum FindBooking {
    static func handle(_ c: FunctionContext) async throws -> [String: Any] {
        let code = try c.args.code("confirmation_code")
        let name = try c.args.string("name", max: 100)
        let date = try c.args.date("date")
        let phone = try c.args.phone("phone") ?? (code == nil && name == nil ? c.fromNumber : nil)
        guard code != nil || phone != nil || name != nil else {
            throw ArgumentError(field: "confirmation_code", message: "give a confirmation code, a phone number, or a name")
        }
        let found = try await c.bookings.find(c.rules, businessID: c.business.id, code: code, phone: phone?.e164, name: name, date: date)
        if found.isEmpty { return c.answer.failure("NOT_FOUND", "No upcoming booking found.", ["bookings": [Any]()]) }
        return c.answer.ok(["bookings": found.map(c.answer.booking)])
    }
}
