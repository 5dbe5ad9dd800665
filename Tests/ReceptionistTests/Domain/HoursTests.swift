import Domain
import Testing

@Suite struct HoursTests {
    func range(_ o: String, _ c: String) throws -> OpeningInterval { try OpeningInterval(opens: o, closes: c, field: "r") }

    @Test func overnightRangeRunsPastMidnight() throws {
        let late = try range("18:00", "02:00")
        #expect(late.passesMidnight)
        #expect(late.durationMinutes == 8 * 60)
        let toMidnight = try range("18:00", "24:00")
        #expect(!toMidnight.passesMidnight)
        #expect(toMidnight.durationMinutes == 6 * 60)
        let toMidnightZero = try range("18:00", "00:00")
        #expect(toMidnightZero.durationMinutes == 6 * 60)
    }

    @Test func rejectsEmptyAndMalformedRanges() {
        #expect(throws: ValidationError(field: "r.closes", "closing time equals opening time")) { try range("10:00", "10:00") }
        #expect(throws: ValidationError.self) { try range("25:00", "10:00") }
        #expect(throws: ValidationError.self) { try range("9:00", "10:00") }
        #expect(throws: ValidationError.self) { try range("24:00", "10:00") }
        #expect(throws: ValidationError.self) { try range("10:60", "11:00") }
    }

    @Test func overlapOnOneDayIsRefusedWithItsField() throws {
        #expect(throws: ValidationError(field: "weekly.monday[1]", "overlaps weekly.monday[0]")) {
            try WeeklyHours([.monday: [try range("11:00", "15:00"), try range("14:00", "22:00")]])
        }
    }

    @Test func overnightRangeMayNotRunIntoTheNextDaysHours() throws {
        #expect(throws: ValidationError.self) {
            try WeeklyHours([.friday: [try range("18:00", "02:00")], .saturday: [try range("01:00", "05:00")]])
        }
        // Sunday night wraps into Monday morning: the week is cyclic.
        #expect(throws: ValidationError.self) {
            try WeeklyHours([.sunday: [try range("22:00", "03:00")], .monday: [try range("02:00", "04:00")]])
        }
        let ok = try WeeklyHours([.friday: [try range("18:00", "02:00")], .saturday: [try range("02:00", "05:00"), try range("11:00", "14:00")]])
        #expect(ok.intervals(on: .saturday).count == 2)
    }

    @Test func dateOverrideNeedsEitherClosedOrHours() throws {
        let date = try LocalDate(parsing: "2026-12-25", field: "date")
        #expect(throws: ValidationError.self) { try DateOverride(date: date, closed: true, intervals: [try range("10:00", "12:00")], reason: nil) }
        #expect(throws: ValidationError.self) { try DateOverride(date: date, closed: false, intervals: [], reason: nil) }
        #expect(throws: ValidationError(field: "hours[1]", "overlaps hours[0]")) {
            try DateOverride(date: date, closed: false, intervals: [try range("10:00", "13:00"), try range("12:00", "14:00")], reason: nil)
        }
        let special = try DateOverride(date: date, closed: false, intervals: [try range("17:00", "20:00")], reason: "Christmas dinner")
        #expect(special.intervals.count == 1)
    }
}
