import Bookings
import Foundation

extension AgentFunction {
    /// `cancel_booking`: status CANCELLED, never deleted; a second cancel answers the same booking.
    static let cancelBooking = AgentFunction(
        name: "cancel_booking",
        description: "Cancel a booking by its confirmation code after the caller confirms. Cancelling twice is harmless.",
        arguments: CancelBooking.Arguments.self, mutates: true, speakDuringExecution: true
    ) { args, c in c.reply(try await CancelBooking.handle(args, c)) }
}

enum CancelBooking {
    struct Arguments: AgentArguments {
        static let code = Param<String>.code
        static let reason = Param<String?>.text("reason", "Why, if the caller says.")
        static let parameters = [code.parameter, reason.parameter, Param<String?>.idempotency, Param<String?>.language]

        var code: String, reason: String?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            code = try read(Self.code)
            reason = try read(Self.reason)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> MutationResult {
        let answer = c.answer
        return try await c.bookings.cancel(
            businessID: c.business.id, code: args.code, reason: args.reason, actor: c.actor,
            idempotency: c.idempotency
        ) {
            AgentAnswer.encode(OutcomeAnswer.render($0, answer))
        }
    }
}
