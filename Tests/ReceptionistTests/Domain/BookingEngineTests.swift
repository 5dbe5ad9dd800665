import Domain
import Foundation
import Testing

/// The pure availability rules, including DST days in America/New_York and Europe/London.
@Suite struct BookingEngineTests {
    static func range(_ o: String, _ c: String) -> OpeningInterval { try! OpeningInterval(opens: o, closes: c, field: "r") }
    static func date(_ s: String) -> LocalDate { try! LocalDate(parsing: s, field: "d") }
    static func time(_ s: String) -> LocalTime { try! LocalTime(parsing: s, field: "t") }

    static func restaurant(
        zone: String = "America/New_York", capacity: Int = 10, weekly: [Weekday: [OpeningInterval]]? = nil,
        overrides: [DateOverride] = []
    ) -> BookingEngine {
        var policy = BookingPolicy.defaults(for: .restaurant)
        policy.capacity = capacity
        policy.maxPartySize = min(8, capacity)
        policy.minNoticeMinutes = 60
        policy.bookingHorizonDays = 60
        let hours = try! WeeklyHours(
            weekly ?? [
                .tuesday: [range("17:00", "22:00")], .wednesday: [range("17:00", "22:00")], .thursday: [range("17:00", "22:00")],
                .friday: [range("17:00", "01:00")], .saturday: [range("17:00", "01:00")], .sunday: [range("17:00", "22:00")],
            ])
        let clock = ZonedClock(TimeZone(identifier: zone)!)
        return BookingEngine(
            rules: BookingRules(
                kind: .restaurant, policy: policy,
                schedule: OpeningSchedule(weekly: hours, overrides: overrides, clock: clock)))
    }

    /// Noon UTC on 2026-11-24 (a Tuesday), 07:00 in New York.
    static let now = ISO8601DateFormatter().date(from: "2026-11-24T12:00:00Z")!

    func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func aFreeTimeIsOfferedWithItsInstant() throws {
        let engine = Self.restaurant()
        let slot = try engine.check(
            date: Self.date("2026-11-27"), time: Self.time("19:30"), query: SlotQuery(partySize: 2),
            existing: [], now: Self.now
        ).get()
        #expect(slot.start == instant("2026-11-28T00:30:00Z"))
        #expect(slot.end == instant("2026-11-28T01:45:00Z"), "a party of two stays 75 minutes")
    }

    @Test func simpleRefusalsSayWhy() {
        let engine = Self.restaurant()
        func refusal(_ d: String, _ t: String, party: Int = 2) -> Refusal? {
            if case .failure(let r) = engine.check(
                date: Self.date(d), time: Self.time(t), query: SlotQuery(partySize: party), existing: [], now: Self.now)
            {
                return r
            }
            return nil
        }
        #expect(refusal("2026-11-30", "19:00") == .closed(reason: "we are closed on Mondays"))
        #expect(refusal("2026-11-27", "15:00") == .outsideHours)
        #expect(refusal("2026-11-26", "21:30") == .outsideHours, "a 75-minute stay must end by closing time (22:00 on Thursdays)")
        #expect(refusal("2026-11-27", "21:30") == nil, "Fridays run until 01:00")
        #expect(refusal("2026-11-27", "19:10") == .notOnSlotGrid(intervalMinutes: 15))
        #expect(refusal("2026-11-27", "19:00", party: 9) == .partyTooLarge(max: 8))
        #expect(refusal("2026-11-20", "19:00") == .inThePast)
        #expect(refusal("2027-03-01", "19:00") == .tooFarAhead(lastDate: Self.date("2027-01-23"), today: Self.date("2026-11-24")))
        #expect(refusal("2026-11-27", "19:00")?.code == nil)
        #expect(Refusal.partyTooLarge(max: 8).message == "the largest party we can book is 8")
    }

    @Test func minimumNoticeCountsFromNow() {
        let engine = Self.restaurant(weekly: [.tuesday: [Self.range("07:00", "12:00")]])
        // 07:00 New York now; 07:45 is inside the hour of notice, 08:00 is not.
        #expect(
            engine.check(date: Self.date("2026-11-24"), time: Self.time("07:45"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
                == .failure(.tooSoon(minNoticeMinutes: 60)))
        #expect(
            (try? engine.check(date: Self.date("2026-11-24"), time: Self.time("08:00"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
                .get()) != nil)
    }

    @Test func overnightHoursServeAfterMidnightOnTheNextDate() throws {
        let engine = Self.restaurant(weekly: [.friday: [Self.range("18:00", "02:00")]])
        // Friday 2026-11-27 18:00 to Saturday 02:00: 00:30 on Saturday is bookable (a 75-minute stay ends 01:45).
        let slot = try engine.check(
            date: Self.date("2026-11-28"), time: Self.time("00:30"), query: SlotQuery(partySize: 2), existing: [], now: Self.now
        ).get()
        #expect(slot.start == instant("2026-11-28T05:30:00Z"))
        // Saturday's own evening is closed.
        if case .failure(let r) = engine.check(
            date: Self.date("2026-11-28"), time: Self.time("19:00"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
        {
            #expect(r == .closed(reason: "we are closed on Saturdays"))
        } else {
            Issue.record("Saturday evening should be closed")
        }
        let saturday = engine.freeSlots(on: Self.date("2026-11-28"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
        #expect(saturday.first?.localTime.description == "00:00")
        #expect(saturday.last?.localTime.description == "00:45")
    }

    @Test func dateOverridesCloseOrChangeADay() throws {
        let closed = try DateOverride(date: Self.date("2026-11-26"), closed: true, intervals: [], reason: "Thanksgiving")
        let special = try DateOverride(date: Self.date("2026-11-27"), closed: false, intervals: [Self.range("12:00", "15:00")], reason: nil)
        let engine = Self.restaurant(overrides: [closed, special])
        #expect(
            engine.check(date: Self.date("2026-11-26"), time: Self.time("19:00"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
                == .failure(.closed(reason: "we are closed that day (Thanksgiving)")))
        #expect(
            engine.check(date: Self.date("2026-11-27"), time: Self.time("19:00"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
                == .failure(.outsideHours))
        #expect(
            (try? engine.check(date: Self.date("2026-11-27"), time: Self.time("12:30"), query: SlotQuery(partySize: 2), existing: [], now: Self.now)
                .get()) != nil)
    }

    @Test func capacityCountsGuestsPresentAtEveryInstant() {
        let engine = Self.restaurant(capacity: 10)
        let friday = Self.date("2026-11-27")
        let s1900 = instant("2026-11-28T00:00:00Z")
        // 6 guests 19:00–20:30 and 4 guests 20:00–21:30: at 20:00–20:30 the room is full.
        let existing = [
            ExistingBooking(id: UUID(), start: s1900, end: s1900.addingTimeInterval(90 * 60), partySize: 6),
            ExistingBooking(id: UUID(), start: s1900.addingTimeInterval(60 * 60), end: s1900.addingTimeInterval(150 * 60), partySize: 4),
        ]
        let q = SlotQuery(partySize: 2)
        #expect(engine.check(date: friday, time: Self.time("19:30"), query: q, existing: existing, now: Self.now) == .failure(.slotTaken))
        // 18:00 for two ends 19:15: at most 6 + 2 present.
        #expect((try? engine.check(date: friday, time: Self.time("18:00"), query: q, existing: existing, now: Self.now).get()) != nil)
        // Six at 18:00 stay two hours and would meet the six arriving at 19:00.
        #expect(
            engine.check(date: friday, time: Self.time("18:00"), query: SlotQuery(partySize: 6), existing: existing, now: Self.now)
                == .failure(.slotTaken))
        #expect((try? engine.check(date: friday, time: Self.time("20:45"), query: q, existing: existing, now: Self.now).get()) != nil)
    }

    @Test func departuresFreeSeatsForArrivalsAtTheSameInstant() throws {
        let engine = Self.restaurant(capacity: 4)
        let start = instant("2026-11-27T22:00:00Z")  // 17:00 New York
        let existing = [ExistingBooking(id: UUID(), start: start, end: start.addingTimeInterval(75 * 60), partySize: 4)]
        // 18:15 starts exactly when the 17:00 party leaves.
        let slot = try engine.check(
            date: Self.date("2026-11-27"), time: Self.time("18:15"), query: SlotQuery(partySize: 4), existing: existing, now: Self.now
        ).get()
        #expect(slot.start == start.addingTimeInterval(75 * 60))
        #expect(
            engine.check(date: Self.date("2026-11-27"), time: Self.time("18:00"), query: SlotQuery(partySize: 1), existing: existing, now: Self.now)
                == .failure(.slotTaken))
        // The booking being modified does not block itself.
        #expect(
            (try? engine.check(
                date: Self.date("2026-11-27"), time: Self.time("17:15"), query: SlotQuery(partySize: 4), existing: existing,
                now: Self.now, ignoring: existing[0].id
            ).get()) != nil)
    }

    @Test func alternativesSameDayNearestFirstThenNextOpenDays() {
        let engine = Self.restaurant(capacity: 2, weekly: [.friday: [Self.range("18:00", "20:00")], .sunday: [Self.range("18:00", "20:00")]])
        let friday = Self.date("2026-11-27")
        let q = SlotQuery(partySize: 2)
        let alternatives = engine.alternatives(date: friday, near: Self.time("18:30"), query: q, existing: [], now: Self.now)
        #expect(alternatives.map { "\($0.date) \($0.localTime)" } == ["2026-11-27 18:15", "2026-11-27 18:45", "2026-11-27 18:00"])
        // Fill Friday: alternatives move to Sunday (Saturday is closed).
        let fridaySlots = engine.freeSlots(on: friday, query: q, existing: [], now: Self.now)
        let full = fridaySlots.map { ExistingBooking(id: UUID(), start: $0.start, end: $0.end, partySize: 2) }
        let next = engine.alternatives(date: friday, near: Self.time("18:30"), query: q, existing: full, now: Self.now)
        #expect(next.map(\.date) == [Self.date("2026-11-29"), Self.date("2026-11-29"), Self.date("2026-11-29")])
        #expect(next.first?.localTime.description == "18:30")
    }

    /// Alternatives are checked nearest first and stop at three; they must be exactly what ranking every free start of
    /// each day would give, across random bookings, parties, wanted times, a late-night Friday and New York's fall-back
    /// night (two 01:30s).
    @Test func nearestFirstAlternativesEqualRankingEveryFreeStart() {
        var random = SystemRandomNumberGenerator()
        for (engine, days, now) in [
            (Self.restaurant(capacity: 8), ["2026-11-27", "2026-11-28", "2026-12-01"], Self.now),
            (
                Self.restaurant(capacity: 6, weekly: [.saturday: [Self.range("20:00", "05:00")], .sunday: [Self.range("18:00", "23:00")]]),
                ["2026-10-31", "2026-11-01"], instant("2026-10-25T12:00:00Z")
            ),
        ] {
            for _ in 0 ..< 40 {
                let first = Self.date(days.randomElement(using: &random)!)
                var existing: [ExistingBooking] = []
                for offset in 0 ..< 9 {
                    for slot in engine.freeSlots(on: first.adding(days: offset), query: SlotQuery(partySize: 2), existing: [], now: now)
                    where Int.random(in: 0 ..< 3, using: &random) == 0 {
                        existing.append(
                            ExistingBooking(id: UUID(), start: slot.start, end: slot.end, partySize: Int.random(in: 2 ... 6, using: &random)))
                    }
                }
                let query = SlotQuery(partySize: Int.random(in: 1 ... 6, using: &random))
                let wanted = Bool.random(using: &random) ? LocalTime(minutes: 15 * Int.random(in: 68 ... 95, using: &random)) : nil
                var expected: [Slot] = []
                for offset in 0 ... 7 where expected.count < 3 {
                    let free = engine.freeSlots(on: first.adding(days: offset), query: query, existing: existing, now: now)
                        .filter { offset > 0 || $0.minutes != wanted?.minutes }
                    let target = wanted?.minutes ?? 19 * 60
                    expected += free.sorted { (abs($0.minutes - target), $0.minutes) < (abs($1.minutes - target), $1.minutes) }.prefix(
                        3 - expected.count)
                }
                let got = engine.alternatives(date: first, near: wanted, query: query, existing: existing, now: now)
                #expect(got == expected, "\(first) \(wanted?.description ?? "-") party \(query.partySize)")
                // And every listed free start is what a check of that time alone answers.
                for slot in engine.freeSlots(on: first, query: query, existing: existing, now: now) {
                    #expect((try? engine.check(date: first, time: slot.localTime, query: query, existing: existing, now: now).get()) == slot)
                }
            }
        }
    }

    // MARK: DST

    @Test func springForwardGapOffersNoSlotInNewYork() {
        // 2026-03-08: clocks jump from 02:00 to 03:00 in New York. A bar open Saturday 20:00–05:00.
        let engine = Self.restaurant(weekly: [.saturday: [Self.range("20:00", "05:00")]])
        let now = instant("2026-03-01T12:00:00Z")
        let sunday = engine.freeSlots(on: Self.date("2026-03-08"), query: SlotQuery(partySize: 1), existing: [], now: now)
        let times = sunday.map(\.localTime.description)
        #expect(!times.contains { $0.hasPrefix("02:") })
        #expect(times.contains("01:45"))
        #expect(times.contains("03:00"))
        #expect(
            engine.check(date: Self.date("2026-03-08"), time: Self.time("02:30"), query: SlotQuery(partySize: 1), existing: [], now: now)
                == .failure(.timeSkippedByClockChange))
        // 01:45 + 75 minutes ends at 04:00 EDT: an hour of wall clock vanished, so instants, not wall times, decide.
        let late = try? engine.check(date: Self.date("2026-03-08"), time: Self.time("01:45"), query: SlotQuery(partySize: 1), existing: [], now: now)
            .get()
        #expect(late.map { Int($0.end.timeIntervalSince($0.start).rounded()) } == 75 * 60)
    }

    @Test func fallBackRepeatedHourIsOfferedOnceInNewYork() {
        // 2026-11-01: 01:00–02:00 happens twice in New York.
        let engine = Self.restaurant(weekly: [.saturday: [Self.range("22:00", "03:00")]])
        let now = instant("2026-10-25T12:00:00Z")
        let sunday = engine.freeSlots(on: Self.date("2026-11-01"), query: SlotQuery(partySize: 1), existing: [], now: now)
        let times = sunday.map(\.localTime.description)
        #expect(times.count == Set(times).count, "no wall time twice")
        #expect(times.filter { $0.hasPrefix("01:") }.count == 4)
        // 01:30 means the first (EDT) 01:30.
        let slot = try? engine.check(date: Self.date("2026-11-01"), time: Self.time("01:30"), query: SlotQuery(partySize: 1), existing: [], now: now)
            .get()
        #expect(slot?.start == instant("2026-11-01T05:30:00Z"))
        // The window stays open through the repeated hour until 03:00 EST: a party of 1 at 01:45 (EDT) ends well before.
        #expect(sunday.last.map { $0.end <= instant("2026-11-01T08:00:00Z") } == true)
    }

    @Test func londonClockChanges() {
        // Europe/London: 2026-03-29 01:00 → 02:00; 2026-10-25 02:00 → 01:00.
        let engine = Self.restaurant(zone: "Europe/London", weekly: [.saturday: [Self.range("22:00", "03:00")]])
        let spring = engine.freeSlots(on: Self.date("2026-03-29"), query: SlotQuery(partySize: 1), existing: [], now: instant("2026-03-20T12:00:00Z"))
        #expect(!spring.contains { $0.localTime.hour == 1 })
        let autumn = engine.freeSlots(on: Self.date("2026-10-25"), query: SlotQuery(partySize: 1), existing: [], now: instant("2026-10-20T12:00:00Z"))
        let times = autumn.map(\.localTime.description)
        #expect(times.count == Set(times).count)
        #expect(times.contains("01:15"))
        let slot = try? engine.check(
            date: Self.date("2026-10-25"), time: Self.time("01:15"), query: SlotQuery(partySize: 1), existing: [],
            now: instant("2026-10-20T12:00:00Z")
        ).get()
        #expect(slot?.start == instant("2026-10-25T00:15:00Z"), "the first 01:15 is BST")
    }

    // MARK: Other models

    @Test func teeTimesShareASlotUntilFull() throws {
        var policy = BookingPolicy.defaults(for: .teeTimes)
        policy.minNoticeMinutes = 0
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        let engine = BookingEngine(
            rules: BookingRules(
                kind: .teeTimes, policy: policy,
                schedule: OpeningSchedule(
                    weekly: try WeeklyHours([.saturday: [Self.range("07:00", "17:00")]]), overrides: [], clock: clock)))
        let saturday = Self.date("2026-11-28")
        let first = try engine.check(date: saturday, time: Self.time("08:10"), query: SlotQuery(partySize: 3), existing: [], now: Self.now).get()
        #expect(first.end.timeIntervalSince(first.start) == 600)
        let taken = [ExistingBooking(id: UUID(), start: first.start, end: first.end, partySize: 3)]
        #expect(
            (try? engine.check(date: saturday, time: Self.time("08:10"), query: SlotQuery(partySize: 1), existing: taken, now: Self.now).get()) != nil
        )
        #expect(
            engine.check(date: saturday, time: Self.time("08:10"), query: SlotQuery(partySize: 2), existing: taken, now: Self.now)
                == .failure(.slotTaken))
        #expect(
            (try? engine.check(date: saturday, time: Self.time("08:20"), query: SlotQuery(partySize: 4), existing: taken, now: Self.now).get()) != nil
        )
    }

    @Test func appointmentsPickAFreeQualifiedStaffMember() throws {
        var policy = BookingPolicy.defaults(for: .appointments)
        policy.minNoticeMinutes = 0
        let clock = ZonedClock(TimeZone(identifier: "Europe/London")!)
        let ana = StaffMember(id: UUID(), name: "Ana", services: ["Haircut", "Colour"])
        let ben = StaffMember(id: UUID(), name: "Ben", services: ["Haircut"], hours: try WeeklyHours([.friday: [Self.range("12:00", "18:00")]]))
        let engine = BookingEngine(
            rules: BookingRules(
                kind: .appointments, policy: policy,
                schedule: OpeningSchedule(weekly: try WeeklyHours([.friday: [Self.range("09:00", "18:00")]]), overrides: [], clock: clock),
                services: [Service(name: "Haircut", durationMinutes: 30, bufferAfterMinutes: 15), Service(name: "Colour", durationMinutes: 90)],
                staff: [ana, ben]))
        let friday = Self.date("2026-11-27")
        // Morning: only Ana works; she is taken by the first haircut (plus its 15-minute buffer).
        let first = try engine.check(
            date: friday, time: Self.time("10:00"), query: SlotQuery(partySize: 1, service: "haircut"), existing: [], now: Self.now
        ).get()
        #expect(first.staffID == ana.id)
        let (busyStart, busyEnd) = engine.busyInterval(
            start: first.start, end: first.end, service: Service(name: "Haircut", durationMinutes: 30, bufferAfterMinutes: 15))
        let booked = [
            ExistingBooking(id: UUID(), start: first.start, end: first.end, partySize: 1, staffID: ana.id, busyStart: busyStart, busyEnd: busyEnd)
        ]
        #expect(
            engine.check(date: friday, time: Self.time("10:30"), query: SlotQuery(partySize: 1, service: "Haircut"), existing: booked, now: Self.now)
                == .failure(.slotTaken))
        #expect(
            (try? engine.check(
                date: friday, time: Self.time("10:45"), query: SlotQuery(partySize: 1, service: "Haircut"), existing: booked, now: Self.now
            ).get())?.staffID == ana.id)
        // Afternoon: Ben takes haircuts when Ana is busy.
        let afternoon = try engine.check(
            date: friday, time: Self.time("13:00"), query: SlotQuery(partySize: 1, service: "Haircut", staff: "ben"), existing: booked, now: Self.now
        ).get()
        #expect(afternoon.staffID == ben.id)
        #expect(
            engine.check(
                date: friday, time: Self.time("10:00"), query: SlotQuery(partySize: 1, service: "Haircut", staff: "Ben"), existing: [], now: Self.now)
                == .failure(.slotTaken),
            "Ben does not work mornings")
        #expect(
            engine.check(
                date: friday, time: Self.time("13:00"), query: SlotQuery(partySize: 1, service: "Colour", staff: "Ben"), existing: [], now: Self.now)
                == .failure(.unknownStaff(known: ["Ana"])))
        #expect(
            engine.check(date: friday, time: Self.time("13:00"), query: SlotQuery(partySize: 1, service: "Massage"), existing: [], now: Self.now)
                == .failure(.unknownService(known: ["Haircut", "Colour"])))
        #expect(
            engine.check(date: friday, time: Self.time("13:00"), query: SlotQuery(partySize: 1), existing: [], now: Self.now)
                == .failure(.serviceRequired(known: ["Haircut", "Colour"])))
    }
}
