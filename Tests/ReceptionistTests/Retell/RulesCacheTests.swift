import Domain
import Foundation
import RetellFunctions
import Storage
import Synchronization
import Testing

/// The function calls' rules cache: one load per business while fresh, a reload once it expires or is forgotten.
@Suite struct RulesCacheTests {
    final class Clock: Sendable {
        let now = Mutex(ContinuousClock.now)
        func advance(_ d: Duration) { now.withLock { $0 += d } }
    }

    @Test func loadsOncePerBusinessWhileFreshAndAgainAfterward() async throws {
        try await BookingFixture.run { f in
            let clock = Clock()
            let cache = RulesCache(ttl: .seconds(1), now: { clock.now.withLock { $0 } })
            let loads = Mutex(0)
            let store = RulesStore(database: f.database)
            let load = { () async throws -> RulesStore.Loaded? in
                loads.withLock { $0 += 1 }
                return try await store.load(f.businessID, from: nil)
            }
            #expect(try await cache.get(f.businessID, load: load)?.business.id == f.businessID)
            _ = try await cache.get(f.businessID, load: load)
            #expect(loads.withLock { $0 } == 1)
            clock.advance(.milliseconds(1001))
            _ = try await cache.get(f.businessID, load: load)
            #expect(loads.withLock { $0 } == 2, "expired")
            cache.forget(f.businessID)
            _ = try await cache.get(f.businessID, load: load)
            #expect(loads.withLock { $0 } == 3, "forgotten")
            #expect(try await cache.get(UUID(), load: { nil }) == nil, "an unknown business is not remembered")
            let off = RulesCache(ttl: .zero)
            _ = try await off.get(f.businessID, load: load)
            _ = try await off.get(f.businessID, load: load)
            #expect(loads.withLock { $0 } == 5, "a zero TTL never caches")
        }
    }
}
