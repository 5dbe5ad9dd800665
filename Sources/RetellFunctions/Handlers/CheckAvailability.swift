import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `check_availability`: is this time free (else why and what is near), or which times are free on a day.
    static let checkAvailability = AgentFunction(
        name: "check_availability",
        description:
            "Check whether a time is free, or list free times on a day. Always call this before offering a time. If the time is not free the "
            + "answer gives the reason and 2-3 nearby alternatives to offer.",
        arguments: CheckAvailability.Arguments.self, mutates: false, speakDuringExecution: false
    ) { args, c in FunctionAnswer(try await CheckAvailability.handle(args, c)) }
}

enum CheckAvailability {
    /// A time, or a part of the day to list free times in.
    enum Asked: Sendable {
        case exact(LocalTime)
        case partOfDay(Range<Int>)
    }

    struct Arguments: AgentArguments {
        static let date = Param<LocalDate>.date
        static let time = Param<Asked?>(
            parameter: Parameter(
                "time", .string, "Optional local time, 24-hour HH:MM, or a part of the day: morning, lunch, afternoon, evening, dinner.")
        ) { value, _ in
            guard let text = try ArgumentValue.text(value, "time") else { return nil }
            if let range = ArgumentValue.partOfDay(text) { return .partOfDay(range) }
            guard let time = ArgumentValue.parseTime(text) else {
                throw ArgumentError(field: "time", message: "must be HH:MM or a part of the day (morning, lunch, afternoon, evening)")
            }
            return .exact(time)
        }
        static let partySize = Param<Int?>.partySize, service = Param<String?>.service, staff = Param<String?>.staff
        static let parameters = [date.parameter, time.parameter, partySize.parameter, service.parameter, staff.parameter]

        var date: LocalDate, partySize: Int?, service: String?, staff: String?, time: Asked?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            date = try read(Self.date)
            partySize = try read(Self.partySize)
            service = try read(Self.service)
            staff = try read(Self.staff)
            time = try read(Self.time)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> [String: Any] {
        let date = args.date
        let query = SlotQuery(partySize: c.partySize(args.partySize), service: args.service, staff: args.staff)
        if case .exact(let time) = args.time {
            switch try await c.bookings.check(c.tenant, date: date, time: time, query: query) {
            case .success(let slot):
                return c.answer.ok(["available": true, "slot": c.answer.slot(slot), "party_size": query.partySize])
            case .failure(let refused):
                return c.answer.ok([
                    "available": false, "reason": refused.refusal.code, "message": refused.refusal.message,
                    "alternatives": refused.alternatives.map(c.answer.slot), "party_size": query.partySize,
                ])
            }
        }
        var range: Range<Int>?
        if case .partOfDay(let part) = args.time { range = part }
        let free = try await c.bookings.freeSlots(c.tenant, date: date, between: range, query: query)
        if free.isEmpty {
            // Say why when the day itself is the problem, and offer the nearest other days.
            let probe = range.map { LocalTime(minutes: $0.lowerBound) } ?? LocalTime(minutes: 19 * 60)
            let result = try await c.bookings.check(c.tenant, date: date, time: probe, query: query)
            var fields: [String: Any] = ["available": false, "party_size": query.partySize]
            if case .failure(let refused) = result {
                let reason: Refusal =
                    switch refused.refusal {
                    case .closed, .partyTooLarge, .partyTooSmall, .tooFarAhead, .inThePast, .unknownService, .unknownStaff, .serviceRequired:
                        refused.refusal
                    default: .slotTaken
                    }
                fields["reason"] = reason.code
                fields["message"] = reason.message
                fields["alternatives"] = refused.alternatives.map(c.answer.slot)
            }
            return c.answer.ok(fields)
        }
        return c.answer.ok(["available": true, "slots": spread(free, count: 6).map(c.answer.slot), "party_size": query.partySize])
    }

    /// A handful of times across the range rather than the first six in a row.
    static func spread(_ slots: [Slot], count: Int) -> [Slot] {
        guard slots.count > count else { return slots }
        let step = Double(slots.count - 1) / Double(count - 1)
        return (0 ..< count).map { slots[Int((Double($0) * step).rounded())] }
    }
}
