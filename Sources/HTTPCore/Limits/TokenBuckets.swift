import Foundation
import Synchronization

/// Token buckets by key: `rate` tokens a second up to `burst`. Idle buckets are forgotten so the map stays small.
public final class TokenBuckets: Sendable {
    public struct Limit: Sendable, Equatable {
        public var rate: Double
        public var burst: Double
        public init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
        }
    }

    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }
    private let buckets = Mutex<[String: Bucket]>([:])
    let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    /// Takes a token; nil when allowed, else how long until one is back.
    public func take(_ key: String, _ limit: Limit) -> Duration? {
        let at = now()
        return buckets.withLock { map -> Duration? in
            if map.count > 50_000 { map = map.filter { at - $0.value.at < .seconds(600) } }
            var bucket = map[key] ?? Bucket(tokens: limit.burst, at: at)
            let elapsed = at - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(limit.burst, bucket.tokens + seconds * limit.rate)
            bucket.at = at
            defer { map[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return .milliseconds(Int(((1 - bucket.tokens) / limit.rate * 1000).rounded(.up)))
        }
    }
}
