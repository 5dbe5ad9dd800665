import Bookings
import Domain
import Foundation
import Storage

extension AgentFunction {
    /// `leave_waitlist`: the caller no longer waits (for one day, or at all); an offer open to them is withdrawn.
    static let leaveWaitlist = AgentFunction(
        name: "leave_waitlist",
        description: "Take the calling number off the waitlist (one day, or every day when no date is given).",
        arguments: LeaveWaitlist.Arguments.self, mutates: true, speakDuringExecution: false
    ) { args, c in FunctionAnswer(try await LeaveWaitlist.handle(args, c)) }
}

enum LeaveWaitlist {
    struct Arguments: AgentArguments {
        static let date = Param<LocalDate?>.date("date", "Day of the waitlist request, as the caller said it; leave out for every day.")
        static let parameters = [date.parameter, Param<String?>.idempotency, Param<String?>.language]

        var date: LocalDate?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            date = try read(Self.date)
        }
    }

    /// Leaving twice leaves nothing more (NOT_FOUND the second time): safe to repeat without a stored answer. Only the
    /// calling number's requests: saying someone else's number must not take them off (their text's NO or STOP is theirs).
    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> [String: Any] {
        guard let phone = c.fromNumber else { return c.answer.failure("NOT_FOUND", WaitlistWords.none(c.answer.language), ["left": 0]) }
        let count = try await c.waitlist.leave(c.tenant, phone: phone.e164, date: args.date)
        guard count > 0 else { return c.answer.failure("NOT_FOUND", WaitlistWords.none(c.answer.language), ["left": 0]) }
        return c.answer.ok(["left": count, "message": WaitlistWords.left(c.answer.language, count: count)])
    }
}
