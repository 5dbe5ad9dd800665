import Foundation

/// A provider's `Retry-After` (seconds) as the moment to try again: 30 s when absent or unreadable, and kept
/// between 1 s and an hour so a strange header can neither spin a job nor park it for days.
public enum RetryAfter {
    public static func until(_ header: String?, now: Date = Date()) -> Date {
        // "nan" parses as a Double and slips through min/max (NaN compares false): only a finite number counts.
        let seconds = header.flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 30
        return now.addingTimeInterval(min(max(seconds, 1), 3600))
    }
}
