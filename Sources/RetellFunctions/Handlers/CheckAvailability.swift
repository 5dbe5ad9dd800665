import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `check_availability`: is this time free (else why and what is near), or which times are free on a day.
    static let checkAvailability = AgentFunction(
        name: "check_availability",
        description:
            "Check whether a time is free, or list free times on a day, a part of it or a window (between 7 and 9 AM). Always call this "
            + "before offering a time. When what was asked is not possible the answer is ok=false with error (a code), message (the "
            + "reason to say) and alternatives (2-3 nearby free times to offer), the same shape as create_booking and modify_booking. "
            + "For golf each time carries price_spoken, the price per player to say.",
        arguments: CheckAvailability.Arguments.self, mutates: false, speakDuringExecution: false
    ) { args, c in FunctionAnswer(try await CheckAvailability.handle(args, c)) }
}

enum CheckAvailability {
    /// A time, or a part of the day or a window to list free times in.
    enum Asked: Sendable {
        case exact(LocalTime)
        case partOfDay(Range<Int>)
    }

    struct Arguments: AgentArguments {
        static let date = Param<LocalDate>.date
        static let time = Param<Asked?>(
            parameter: Parameter(
                "time", .string,
                "Optional: the time as the caller said it (19:30, 7:30 PM, 7pm, 19h30, noon, half past seven); or a window HH:MM-HH:MM "
                    + "(between 7 and 9 AM: 07:00-09:00); or a part of the day: morning, lunch, afternoon, evening, dinner.")
        ) { value, caller in
            guard let text = try ArgumentValue.text(value, "time", max: 100) else { return nil }
            if let range = ArgumentValue.partOfDay(text) { return .partOfDay(range) }
            if let window = ArgumentValue.window(text) { return .partOfDay(window) }
            let time = try ArgumentValue.callerTime(text, "time", caller)
            return .exact(time)
        }
        static let partySize = Param<Int?>.partySize, service = Param<String?>.service, staff = Param<String?>.staff
        static let holes = Param<String?>.holes, duration = Param<Int?>.duration
        static let parameters = [
            date.parameter, time.parameter, partySize.parameter, service.parameter, staff.parameter, holes.parameter, duration.parameter,
            Param<String?>.language,
        ]

        var date: LocalDate, partySize: Int?, service: String?, staff: String?, time: Asked?, holes: String?, duration: Int?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            date = try read(Self.date)
            partySize = try read(Self.partySize)
            service = try read(Self.service)
            staff = try read(Self.staff)
            time = try read(Self.time)
            holes = try read(Self.holes)
            duration = try read(Self.duration)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> [String: Any] {
        let date = args.date
        let query = SlotQuery(
            partySize: c.partySize(args.partySize), service: args.service, staff: args.staff, round: args.holes, durationMinutes: args.duration)
        if case .exact(let time) = args.time {
            switch try await c.bookings.check(c.tenant, date: date, time: time, query: query) {
            case .success(let slot):
                return c.answer.ok(["available": true, "slot": c.answer.slot(slot), "party_size": query.partySize])
            case .failure(let refused):
                return refusal(refused.refusal, refused.alternatives, query, c)
            }
        }
        var range: Range<Int>?
        if case .partOfDay(let part) = args.time { range = part }
        let free = try await c.bookings.freeSlots(c.tenant, date: date, between: range, query: query)
        if free.isEmpty {
            // Say why when the day itself is the problem, and offer the nearest other days.
            let probe = range.map { LocalTime(minutes: $0.lowerBound) } ?? LocalTime(minutes: 19 * 60)
            let result = try await c.bookings.check(c.tenant, date: date, time: probe, query: query)
            guard case .failure(let refused) = result else { return refusal(.slotTaken, [], query, c) }
            let reason: Refusal =
                switch refused.refusal {
                case .closed, .partyTooLarge, .partyTooSmall, .tooFarAhead, .inThePast, .unknownService, .unknownStaff, .serviceRequired,
                    .unknownRound, .durationNotOffered:
                    refused.refusal
                default: .slotTaken
                }
            return refusal(reason, refused.alternatives, query, c)
        }
        return c.answer.ok(["available": true, "slots": spread(free, count: 6).map(c.answer.slot), "party_size": query.partySize])
    }

    /// The shared refusal shape; `available` and `reason` (= `error`) stay for agents built on the old shape, deprecated.
    static func refusal(_ refusal: Refusal, _ alternatives: [Slot], _ query: SlotQuery, _ c: FunctionContext) -> [String: Any] {
        c.answer.refused(refusal, alternatives: alternatives, ["available": false, "reason": refusal.code, "party_size": query.partySize])
    }

    /// A handful of times across the range rather than the first six in a row.
    static func spread(_ slots: [Slot], count: Int) -> [Slot] {
        guard slots.count > count else { return slots }
        let step = Double(slots.count - 1) / Double(count - 1)
        return (0 ..< count).map { slots[Int((Double($0) * step).rounded())] }
    }
}
