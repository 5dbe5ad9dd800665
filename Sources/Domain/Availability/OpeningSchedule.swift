import Foundation

/// A stretch of opening time as instants, with the local date whose hours it belongs to.
public struct OpenWindow: Equatable, Sendable {
    public let serviceDate: LocalDate
    public let openMinutes: Int
    /// May exceed 1440 when the window runs past midnight.
    public let closeMinutes: Int
    public let start: Date
    public let end: Date
}

/// Weekly hours with date overrides applied, turned into instants in the business's zone.
public struct OpeningSchedule: Sendable {
    public let weekly: WeeklyHours
    public let overrides: [LocalDate: DateOverride]
    public let clock: ZonedClock

    public init(weekly: WeeklyHours, overrides: [DateOverride], clock: ZonedClock) {
        self.weekly = weekly
        self.overrides = Dictionary(overrides.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
        self.clock = clock
    }

    /// The ranges that govern a date: its override when there is one, else its weekday's hours.
    public func intervals(for date: LocalDate) -> [OpeningInterval] {
        if let o = overrides[date] { return o.closed ? [] : o.intervals }
        return weekly.intervals(on: date.weekday)
    }

    /// Why a date has no hours at all, in words a caller can hear, or nil when it has some.
    public func closedReason(for date: LocalDate) -> String? {
        guard intervals(for: date).isEmpty else { return nil }
        if let o = overrides[date] { return o.reason.map { "we are closed that day (\($0))" } ?? "we are closed that day" }
        return "we are closed on \(date.weekday.name.capitalized)s"
    }

    /// Windows of one service date (its own ranges, overnight ones included), as instants.
    /// A wall time inside a spring-forward gap is clamped to the next existing minute.
    public func windows(for date: LocalDate) -> [OpenWindow] {
        intervals(for: date).compactMap { range in
            let open = range.opens.minutes
            let close = open + range.durationMinutes
            // Opening takes the first occurrence of a repeated wall time, closing the last (open through the repeated hour).
            guard let start = clock.instant(date, minutes: open), let end = clock.instant(date, minutes: close, preferLater: true), end > start else {
                return nil
            }
            return OpenWindow(serviceDate: date, openMinutes: open, closeMinutes: close, start: start, end: end)
        }
    }

    /// The windows that can hold a start on local `date`: that date's own, and the previous date's overnight spill.
    public func windowsTouching(_ date: LocalDate) -> [OpenWindow] {
        windows(for: date.adding(days: -1)).filter { $0.closeMinutes > 1440 } + windows(for: date)
    }
}
