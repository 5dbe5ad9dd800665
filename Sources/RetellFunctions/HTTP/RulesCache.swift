import Foundation
import Storage
import Synchronization

/// A business and its booking rules for a moment (`RULES_CACHE_MS`, 1 s by default), so a busy line does not reload
/// them for every function call. An owner's change to hours, policy or staff reaches calls within that time; capacity
/// decisions are unaffected, as they read the live bookings under the business's lock in every transaction.
public final class RulesCache: Sendable {
    let ttl: Duration
    let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[UUID: (loaded: RulesStore.Loaded, until: ContinuousClock.Instant)]>([:])

    public init(ttl: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.ttl = ttl
        self.now = now
    }

    /// The cached rules while fresh, else `load()`'s answer (remembered when it found the business).
    public func get(_ businessID: UUID, load: () async throws -> RulesStore.Loaded?) async throws -> RulesStore.Loaded? {
        let at = now()
        if ttl > .zero, let hit = entries.withLock({ $0[businessID] }), hit.until > at { return hit.loaded }
        let loaded = try await load()
        if ttl > .zero, let loaded { entries.withLock { $0[businessID] = (loaded, at + ttl) } }
        return loaded
    }

    public func forget(_ businessID: UUID) { _ = entries.withLock { $0.removeValue(forKey: businessID) } }
}
