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

/// `resolve` answers a day without a clock change from its two offsets alone: it must equal the full search (each offset
/// tried and checked) on every minute of the days around each zone's changes and on random days, in zones east and
/// west, with half-hour offsets and a 30-minute change (Lord Howe).
@Suite struct ZonedClockResolveTests {
    /// The search `resolve` ran for every time before the shortcut, kept as the reference.
    static func searched(_ zone: TimeZone, _ date: LocalDate, _ minutes: Int) -> ZonedClock.Resolution {
        let wall = Double(date.daysSinceEpoch) * 86400 + Double(minutes) * 60
        let offsets = Set([
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 93600)),
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 93600)),
        ])
        let instants = offsets.map { Date(timeIntervalSince1970: wall - Double($0)) }
            .filter { Double(zone.secondsFromGMT(for: $0)) == wall - $0.timeIntervalSince1970 }.sorted()
        switch instants.count {
        case 0: return .skipped
        case 1: return .unique(instants[0])
        default: return .ambiguous(first: instants[0], second: instants[instants.count - 1])
        }
    }

    @Test(arguments: [
        "America/New_York", "Europe/Paris", "Pacific/Auckland", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns",
        "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "America/Santiago", "Europe/Dublin",
    ])
    func shortcutEqualsTheSearch(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let clock = ZonedClock(zone)
        var days: [LocalDate] = []
        // The days either side of each change in 2025–2028 (found by the zone's own transitions), and 40 random days.
        var instant = Date(timeIntervalSince1970: 1_735_689_600)
        while let next = zone.nextDaylightSavingTimeTransition(after: instant), next.timeIntervalSince1970 < 1_861_920_000 {
            let day = clock.local(next).date
            days += [day.adding(days: -1), day, day.adding(days: 1)]
            instant = next
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0 ..< 40 { days.append(LocalDate(daysSinceEpoch: Int.random(in: 20089 ... 21550, using: &random))) }
        var changes = 0
        for day in days {
            for minutes in stride(from: 0, through: 1440 + 300, by: 5) {
                let expected = Self.searched(zone, day, minutes)
                #expect(clock.resolve(day, minutes: minutes) == expected, "\(identifier) \(day) +\(minutes) min")
                if case .unique = expected {} else { changes += 1 }
            }
        }
        // Zones with clock changes had skipped or repeated times among the days checked: the hard cases were met.
        if zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_735_689_600)) != nil { #expect(changes > 0) }
    }
}
