import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `create_booking`: checks and writes atomically; the caller's own number is the default phone.
    static let createBooking = AgentFunction(
        name: "create_booking",
        description:
            "Book a time after the caller has confirmed the day, time, number of people and their name (and the answers to the intake "
            + "questions, if your instructions list any). Returns a short confirmation code to read back letter by letter. When the time "
            + "is not possible the answer is ok=false with error, message and alternatives, as check_availability answers.",
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
        static let holes = Param<String?>.holes, duration = Param<Int?>.duration, intake = Param<[String: String]?>.intake
        static let parameters = [
            date.parameter, time.parameter, partySize.parameter, name.parameter, phone.parameter, email.parameter,
            service.parameter, staff.parameter, notes.parameter, holes.parameter, duration.parameter, intake.parameter,
            Param<String?>.idempotency, Param<String?>.language,
        ]

        var holes: String?, date: LocalDate, time: LocalTime, partySize: Int, service: String?, staff: String?, name: String
        var phone: PhoneNumber?, notes: String?, email: String?, duration: Int?, intake: [String: String]?

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
            duration = try read(Self.duration)
            intake = try read(Self.intake)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> MutationResult {
        let query = SlotQuery(
            partySize: args.partySize, service: args.service, staff: args.staff, round: args.holes, durationMinutes: args.duration)
        let request = CreateBookingRequest(
            date: args.date, time: args.time, query: query, name: args.name, phone: args.phone ?? c.fromNumber, notes: args.notes,
            options: args.holes.map { ["holes": $0] } ?? [:], source: .phone, email: args.email,
            intake: args.intake ?? [:])
        let answer = c.answer
        return try await c.fixable {
            try await c.bookings.create(c.tenant, request: request, actor: c.actor, idempotency: c.idempotency) {
                AgentAnswer.encode(OutcomeAnswer.render($0, answer))
            }
        }
    }
}
