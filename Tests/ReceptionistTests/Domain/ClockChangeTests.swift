import Domain
import Foundation
import Testing

/// Clock changes in the southern hemisphere, where autumn is in April: the repeated hour and the skipped one.
@Suite struct ClockChangeTests {
    @Test func aucklandRepeatedHourIsAmbiguous() {
        // 2026-04-05: New Zealand clocks go back from 03:00 NZDT to 02:00 NZST, so 02:30 happens twice.
        let clock = ZonedClock(TimeZone(identifier: "Pacific/Auckland")!)
        let iso = ISO8601DateFormatter()
        #expect(
            clock.resolve(LocalDate(year: 2026, month: 4, day: 5)!, minutes: 150)
                == .ambiguous(first: iso.date(from: "2026-04-04T13:30:00Z")!, second: iso.date(from: "2026-04-04T14:30:00Z")!))
        // 2026-09-27: 02:00 NZST jumps to 03:00 NZDT.
        #expect(clock.resolve(LocalDate(year: 2026, month: 9, day: 27)!, minutes: 150) == .skipped)
    }
}
