import Bookings
import Domain
import Foundation

extension AgentFunction {
    /// `check_availability`: is this time free (else why and what is near), or which times are free on a day.
    static let checkAvailability = AgentFunction(
        name: "check_availability",
        description: "Check whether a time is free, or list free times on a day. Always call this before offering a time. If the time is not free the answer gives the reason and 2-3 nearby alternatives to offer.",
        parameters: [
            .date,
            Parameter("time", .string, "Optional local time, 24-hour HH:MM, or a part of the day: morning, lunch, afternoon, evening, dinner."),
            .partySize, .service, .staff,
        ],
        mutates: false, speakDuringExecution: false
    ) { c in FunctionAnswer(try await CheckAvailability.handle(c)) }
}

enum CheckAvailability {
    static func handle(_ c: FunctionContext) async throws -> [String: Any] {
        let date = try c.args.required("date", c.args.date)
        let query = SlotQuery(partySize: try c.partySize(required: false), service: try c.args.string("service"), staff: try c.args.string("staff"))
        let timeText = try c.args.string("time")
        if let timeText, Arguments.partOfDay(timeText) == nil {
            guard let time = Arguments.parseTime(timeText) else {
                throw ArgumentError(field: "time", message: "must be HH:MM or a part of the day (morning, lunch, afternoon, evening)")
            }
            switch try await c.bookings.check(c.rules, businessID: c.business.id, date: date, time: time, query: query) {
            case .success(let slot):
                return c.answer.ok(["available": true, "slot": c.answer.slot(slot), "party_size": query.partySize])
            case .failure(let refused):
                return c.answer.ok(["available": false, "reason": refused.refusal.code, "message": refused.refusal.message,
                                    "alternatives": refused.alternatives.map(c.answer.slot), "party_size": query.partySize])
            }
        }
        let range = timeText.flatMap(Arguments.partOfDay)
        let free = try await c.bookings.freeSlots(c.rules, businessID: c.business.id, date: date, between: range, query: query)
        if free.isEmpty {
            // Say why when the day itself is the problem, and offer the nearest other days.
            let probe = range.map { LocalTime(minutes: $0.lowerBound) } ?? LocalTime(minutes: 19 * 60)
            let result = try await c.bookings.check(c.rules, businessID: c.business.id, date: date, time: probe, query: query)
            var fields: [String: Any] = ["available": false, "party_size": query.partySize]
            if case .failure(let refused) = result {
                let reason: Refusal = switch refused.refusal {
                case .closed, .partyTooLarge, .partyTooSmall, .tooFarAhead, .inThePast, .unknownService, .unknownStaff, .serviceRequired: refused.refusal
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
        return (0..<count).map { slots[Int((Double($0) * step).rounded())] }
    }
}
