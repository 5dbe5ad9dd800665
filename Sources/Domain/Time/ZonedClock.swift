import Foundation

/// Converts between instants and a business's wall clock, saying plainly when a wall time does not exist
/// (spring-forward gap) or exists twice (autumn fall-back), which Foundation's Calendar silently papers over.
public struct ZonedClock: Sendable {
    public enum Resolution: Equatable, Sendable {
        case unique(Date)
        /// The wall time happens twice; `first` is the earlier instant (summer time).
        case ambiguous(first: Date, second: Date)
        /// The wall time is skipped by a forward transition.
        case skipped

        /// The instant a booking at this wall time means: the first occurrence, or none in a gap.
        public var instant: Date? {
            switch self {
            case .unique(let d): d
            case .ambiguous(let first, _): first
            case .skipped: nil
            }
        }
    }

    public let zone: TimeZone

    public init(_ zone: TimeZone) { self.zone = zone }

    /// The instant(s) at which the wall clock shows `minutes` past midnight of `date` (minutes may exceed 1440).
    public func resolve(_ date: LocalDate, minutes: Int) -> Resolution {
        let wall = Double(date.daysSinceEpoch) * 86400 + Double(minutes) * 60
        // Offsets in force a day and a bit either side: wide enough for zones 14 hours from UTC (Auckland,
        // Kiritimati), and transitions are months apart, so at most one lies in between.
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 93600))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 93600))
        // The same offset either side: no transition in between, and the instant (within 14 hours of the wall time)
        // lies in between, so it is the one answer (most days: the engine resolves every candidate time this way).
        if before == after { return .unique(Date(timeIntervalSince1970: wall - Double(before))) }
        let instants =
            [before, after]
            .map { Date(timeIntervalSince1970: wall - Double($0)) }
            .filter { Double(zone.secondsFromGMT(for: $0)) == wall - $0.timeIntervalSince1970 }
            .sorted()
        switch instants.count {
        case 0: return .skipped
        case 1: return .unique(instants[0])
        default: return .ambiguous(first: instants[0], second: instants[instants.count - 1])
        }
    }

    /// The local date and minutes past local midnight of an instant.
    public func local(_ instant: Date) -> (date: LocalDate, minutes: Int) {
        let wall = Int((instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))).rounded(.down))
        let days = Int((Double(wall) / 86400).rounded(.down))
        return (LocalDate(daysSinceEpoch: days), (wall - days * 86400) / 60)
    }

    public func today(_ now: Date) -> LocalDate { local(now).date }

    /// The instant a wall time means, for ranges: a repeated time resolves to its first (or, `preferLater`, its last)
    /// occurrence, and a time inside a gap moves to the first minute that exists.
    public func instant(_ date: LocalDate, minutes: Int, preferLater: Bool = false) -> Date? {
        for m in stride(from: minutes, through: minutes + 180, by: 1) {
            switch resolve(date, minutes: m) {
            case .unique(let d): return d
            case .ambiguous(let first, let second): return preferLater ? second : first
            case .skipped: continue
            }
        }
        return nil
    }

    /// The instant a local day begins (midnight, or the first minute after a gap).
    public func startOfDay(_ date: LocalDate) -> Date {
        instant(date, minutes: 0) ?? Date(timeIntervalSince1970: Double(date.daysSinceEpoch) * 86400)
    }
}
