import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `create_booking`: checks and writes atomically; the caller's own number is the default phone.
    static let createBooking = AgentFunction(
        name: "create_booking",
        description:
            "Book a time after the caller has confirmed the day, time, number of people and their name. Returns a short confirmation code to "
            + "read back letter by letter.",
        arguments: CreateBooking.Arguments.self, mutates: true, speakDuringExecution: true
    ) { args, c in c.reply(try await CreateBooking.handle(args, c)) }
}

enum CreateBooking {
    struct Arguments: AgentArguments {
        static let date = Param<LocalDate>.date, time = Param<LocalTime>.time
        static let partySize = Param<Int?>.integer("party_size", Param<Int?>.partySize.parameter.description).required()
        static let name = Param<String?>.text("name", "The caller's name for the booking.", max: 100).required()
        static let phone = Param<PhoneNumber?>.phone(
            "phone", "The caller's phone number in international form; leave out to use the number they are calling from.")
        static let email = Param<String?>.email(
            "email", "The caller's email address, only if they want the confirmation by email; spell it back first.")
        static let service = Param<String?>.service, staff = Param<String?>.staff
        static let notes = Param<String?>.text("notes", "Special requests (high chair, allergy, occasion).", max: 1000)
        static let holes = Param<String?>.choice("holes", "For golf: NINE or EIGHTEEN.", allowed: ["NINE", "EIGHTEEN"])
        static let parameters = [
            date.parameter, time.parameter, partySize.parameter, name.parameter, phone.parameter, email.parameter,
            service.parameter, staff.parameter, notes.parameter, holes.parameter, Param<String?>.idempotency,
        ]

        var holes: String?, date: LocalDate, time: LocalTime, partySize: Int, service: String?, staff: String?, name: String
        var phone: PhoneNumber?, notes: String?, email: String?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            holes = try read(Self.holes)
            date = try read(Self.date)
            time = try read(Self.time)
            partySize = try read(Self.partySize)
            service = try read(Self.service)
            staff = try read(Self.staff)
            name = try read(Self.name)
            phone = try read(Self.phone)
            notes = try read(Self.notes)
            email = try read(Self.email)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> MutationResult {
        let request = CreateBookingRequest(
            date: args.date, time: args.time, query: SlotQuery(partySize: args.partySize, service: args.service, staff: args.staff),
            name: args.name, phone: args.phone ?? c.fromNumber, notes: args.notes,
            options: args.holes.map { ["holes": $0] } ?? [:], source: .phone, email: args.email)
        let answer = c.answer
        return try await c.bookings.create(c.tenant, request: request, actor: c.actor, idempotency: c.idempotency) {
            AgentAnswer.encode(OutcomeAnswer.render($0, answer))
        }
    }
}
