/// When a failed job runs again: capped exponential back-off (attempt⁴ seconds, as River does) with ±10 % jitter,
/// so a provider outage is retried quickly at first and then patiently, without every job retrying in lockstep.
public enum Backoff {
    public static let cap: Double = 6 * 3600

    /// Seconds to wait after failed attempt number `attempt` (1-based); `jitter` in -1…1 spreads the retries.
    public static func delay(afterAttempt attempt: Int, jitter: Double) -> Double {
        let base = min(cap, pow4(Double(max(1, attempt))) + 1)
        return min(cap, max(1, base * (1 + 0.1 * max(-1, min(1, jitter)))))
    }

    static func pow4(_ x: Double) -> Double { x * x * x * x }
}
