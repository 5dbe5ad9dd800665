import Domain
import Foundation
import Testing

/// The pure rules behind the seed systems: a round's length bounds the last tee time across a DST change, prices by
/// time of day, lengths an appointment may take, intake answers, and money in words.
@Suite struct SeedRulesTests {
    static func date(_ s: String) -> LocalDate { try! LocalDate(parsing: s, field: "d") }
    static func time(_ s: String) -> LocalTime { try! LocalTime(parsing: s, field: "t") }
    static let now = ISO8601DateFormatter().date(from: "2026-10-20T12:00:00Z")!

    static func course() -> BookingEngine {
        var policy = BookingPolicy.defaults(for: .teeTimes)
        policy.minNoticeMinutes = 0
        policy.bookingHorizonDays = 60
        policy.roundTypes = [
            RoundType(
                holes: .eighteen, minutes: 270, rates: [TeeRate(fromMinutes: 0, priceCents: 6500), TeeRate(fromMinutes: 900, priceCents: 4500)]),
            RoundType(holes: .nine, minutes: 135, rates: [TeeRate(fromMinutes: 0, priceCents: 3500), TeeRate(fromMinutes: 900, priceCents: 2500)]),
        ]
        try! policy.validate(for: .teeTimes)
        let open = try! OpeningInterval(opens: "07:00", closes: "19:00", field: "r")
        let hours = try! WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [open]) }))
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        return BookingEngine(
            rules: BookingRules(kind: .teeTimes, policy: policy, schedule: OpeningSchedule(weekly: hours, overrides: [], clock: clock)))
    }

    @Test(arguments: ["2026-10-27", "2026-11-01"])  // an ordinary Tuesday, and the day New York's clocks go back
    func aRoundMustFinishBeforeClosingAndIsPricedByItsStart(day: String) throws {
        let engine = Self.course()
        func check(_ t: String, _ round: String?) -> Result<Slot, Refusal> {
            engine.check(date: Self.date(day), time: Self.time(t), query: SlotQuery(partySize: 2, round: round), existing: [], now: Self.now)
        }
        #expect(try check("14:30", "EIGHTEEN").get().priceCents == 6500)
        #expect(try check("14:30", nil).get().round == .eighteen, "the longest round when the caller does not say")
        #expect(check("14:40", "EIGHTEEN") == .failure(.outsideHours), "14:40 + 4h30 ends after 19:00")
        let nine = try check("16:40", "nine").get()
        #expect(nine.priceCents == 2500 && nine.end.timeIntervalSince(nine.start) == 135 * 60, "nine holes at twilight's price")
        #expect(try check("14:50", "NINE").get().priceCents == 3500, "before 15:00, the day's price")
        #expect(check("16:50", "NINE") == .failure(.outsideHours))
        let free18 = engine.freeSlots(on: Self.date(day), query: SlotQuery(partySize: 2, round: "EIGHTEEN"), existing: [], now: Self.now)
        #expect(free18.last?.localTime == Self.time("14:30"))
        #expect(!free18.isEmpty && free18.allSatisfy { $0.priceCents == 6500 }, "every 18-hole start ends by 19:00, so none is at twilight")
        let free9 = engine.freeSlots(on: Self.date(day), query: SlotQuery(partySize: 2, round: "NINE"), existing: [], now: Self.now)
        #expect(free9.filter { $0.minutes >= 900 }.allSatisfy { $0.priceCents == 2500 } && free9.contains { $0.minutes >= 900 })
    }

    @Test func aCourseThatSellsOnlyNineRefusesEighteen() {
        var policy = BookingPolicy.defaults(for: .teeTimes)
        policy.roundTypes = [RoundType(holes: .nine, minutes: 135, rates: [TeeRate(fromMinutes: 0, priceCents: 2000)])]
        #expect(policy.round("EIGHTEEN") == .failure(.unknownRound(known: ["9 holes"])))
        #expect(Refusal.unknownRound(known: ["9 holes"]).field == "holes")
        var restaurant = BookingPolicy.defaults(for: .restaurant)
        restaurant.roundTypes = policy.roundTypes
        #expect(throws: ValidationError(field: "policy.round_types", "only a golf course sells rounds")) { try restaurant.validate(for: .restaurant) }
    }

    @Test func anAppointmentTakesALengthItsServiceOffers() throws {
        var policy = BookingPolicy.defaults(for: .appointments)
        policy.minNoticeMinutes = 0
        let open = try OpeningInterval(opens: "09:00", closes: "17:00", field: "r")
        let hours = try WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [open]) }))
        let staff = StaffMember(id: UUID(), name: "Kim", services: ["Consultation"])
        let service = try ServiceRules.service(
            name: "Consultation", durationMinutes: 30, bufferBefore: 0, bufferAfter: 0, field: "s", existing: [], durations: [60, 15, 45, 15])
        #expect(service.allowedDurations == [15, 30, 45, 60])
        let engine = BookingEngine(
            rules: BookingRules(
                kind: .appointments, policy: policy,
                schedule: OpeningSchedule(weekly: hours, overrides: [], clock: ZonedClock(TimeZone(identifier: "Europe/London")!)),
                services: [service], staff: [staff]))
        let long = try engine.check(
            date: Self.date("2026-10-28"), time: Self.time("16:00"), query: SlotQuery(partySize: 1, durationMinutes: 60), existing: [],
            now: Self.now
        ).get()
        #expect(long.end.timeIntervalSince(long.start) == 3600)
        #expect(
            engine.check(
                date: Self.date("2026-10-28"), time: Self.time("16:15"), query: SlotQuery(partySize: 1, durationMinutes: 60), existing: [],
                now: Self.now) == .failure(.outsideHours))
        #expect(
            engine.check(
                date: Self.date("2026-10-28"), time: Self.time("10:00"), query: SlotQuery(partySize: 1, durationMinutes: 20), existing: [],
                now: Self.now) == .failure(.durationNotOffered(allowed: [15, 30, 45, 60])))
    }

    @Test func intakeAnswersAreCheckedAgainstTheQuestions() throws {
        let questions = [
            IntakeQuestion(key: "company", label: "Company?", kind: .text, required: true),
            IntakeQuestion(key: "topic", label: "Sales or support?", kind: .choice, choices: ["Sales", "Support"], required: false),
        ]
        try IntakeRules.validate(questions, field: "q")
        #expect(try IntakeRules.answers(["company": " Acme ", "topic": "SUPPORT"], to: questions) == ["company": "Acme", "topic": "Support"])
        #expect(throws: ValidationError(field: "intake.company", "is required: ask \"Company?\"")) {
            try IntakeRules.answers(["topic": "Sales"], to: questions)
        }
        #expect(try IntakeRules.answers([:], to: questions, requireAll: false).isEmpty, "an owner's walk-in may skip them")
        #expect(throws: ValidationError(field: "intake.topic", "must be one of: Sales, Support")) {
            try IntakeRules.answers(["company": "A", "topic": "Billing"], to: questions)
        }
        #expect(throws: ValidationError.self) { try IntakeRules.answers(["company": "A", "colour": "red"], to: questions) }
        let twice = IntakeQuestion(key: "t", label: "T?", kind: .choice, choices: ["Sales", "sales"], required: false)
        #expect(throws: ValidationError(field: "q[0].choices[1]", "is listed twice")) { try IntakeRules.validate([twice], field: "q") }
        #expect(throws: ValidationError(field: "q[1].key", "is used by another question")) {
            try IntakeRules.validate([questions[0], questions[0]], field: "q")
        }
    }

    @Test func moneyIsSpokenInWords() {
        #expect(Price(cents: 4500, currency: "USD").spoken == "forty-five dollars")
        #expect(Price(cents: 100, currency: "USD").spoken == "one dollar")
        #expect(Price(cents: 1250, currency: "GBP").spoken == "twelve pounds and fifty pence")
        #expect(Price(cents: 12_101, currency: "EUR").spoken == "one hundred twenty-one euros and one cent")
        #expect(Price(cents: 4505, currency: "USD").plain == "45.05" && Price(cents: 4505, currency: "USD").display == "$45.05")
        #expect(Price(plain: "45.5", currency: "USD") == nil && Price(plain: "45", currency: "USD")?.cents == 4500)
        #expect(throws: ValidationError(field: "c", "JPY amounts do not have two decimals; prices in JPY are not supported yet")) {
            try Price.validateCurrency("JPY", field: "c")
        }
        #expect(throws: ValidationError.self) { try Price.validateCurrency("ZZZ", field: "c") }
        #expect(throws: Never.self) { try Price.validateCurrency("EUR", field: "c") }
    }
}
