import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `modify_booking`: the same atomic check as a new booking, not counting the booking itself.
    static let modifyBooking = AgentFunction(
        name: "modify_booking",
        description:
            "Change the day, time, number of people, service, length, round (golf), notes or intake answers of an existing booking, found "
            + "by its confirmation code. When the change is not possible the answer is ok=false with error, message and alternatives, as "
            + "check_availability answers; the booking stays as it was.",
        arguments: ModifyBooking.Arguments.self, mutates: true, speakDuringExecution: true
    ) { args, c in c.reply(try await ModifyBooking.handle(args, c)) }
}

enum ModifyBooking {
    struct Arguments: AgentArguments {
        static let code = Param<String>.code
        static let date = Param<LocalDate?>.date("date", "New day as the caller said it (YYYY-MM-DD, tomorrow, next friday, the 4th).")
        static let time = Param<LocalTime?>.time("time", "New time as the caller said it (19:30, 7:30 PM, half past seven).")
        static let partySize = Param<Int?>.integer("party_size", "New number of people.")
        static let service = Param<String?>.service
        static let notes = Param<String?>.text("notes", "New notes.", max: 1000)
        static let holes = Param<String?>.choice("holes", "For golf: the new round, NINE or EIGHTEEN holes.", allowed: ["NINE", "EIGHTEEN"])
        static let duration = Param<Int?>.duration
        static let intake = Param<[String: String]?>(
            parameter: Parameter(
                "intake", .object,
                "Only the intake answers that change, keyed by question; an empty answer clears one. The others stay as they are."),
            read: Param<[String: String]?>.intake.read)
        static let parameters = [
            code.parameter, date.parameter, time.parameter, partySize.parameter, service.parameter, notes.parameter, holes.parameter,
            duration.parameter, intake.parameter, Param<String?>.idempotency, Param<String?>.language,
        ]

        var code: String, date: LocalDate?, time: LocalTime?, partySize: Int?, service: String?, notes: String?
        var holes: String?, duration: Int?, intake: [String: String]?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            code = try read(Self.code)
            date = try read(Self.date)
            time = try read(Self.time)
            partySize = try read(Self.partySize)
            service = try read(Self.service)
            notes = try read(Self.notes)
            holes = try read(Self.holes)
            duration = try read(Self.duration)
            intake = try read(Self.intake)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> MutationResult {
        let request = ModifyBookingRequest(
            code: args.code, date: args.date, time: args.time, partySize: args.partySize, service: args.service,
            notes: args.notes, round: args.holes, durationMinutes: args.duration, intake: args.intake)
        let answer = c.answer
        return try await c.fixable {
            try await c.bookings.modify(c.tenant, request: request, actor: c.actor, idempotency: c.idempotency) {
                AgentAnswer.encode(OutcomeAnswer.render($0, answer))
            }
        }
    }
}
