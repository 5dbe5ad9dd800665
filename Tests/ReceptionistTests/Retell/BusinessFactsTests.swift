import Domain
import Foundation
import RetellWebhooks
import Storage
import Synchronization
import Testing

/// The one cache of business facts Retell's routes read: one load per business while fresh, a reload once it expires
/// or is forgotten, and the last facts kept for outages (by business, and by the number or agent that routed to it).
@Suite struct BusinessFactsTests {
    final class Clock: Sendable {
        let now = Mutex(ContinuousClock.now)
        func advance(_ d: Duration) { now.withLock { $0 += d } }
    }

    @Test func loadsOncePerBusinessWhileFreshAndAgainAfterward() async throws {
        try await BookingFixture.run { f in
            let clock = Clock()
            let loads = Mutex(0)
            let store = RulesStore(database: f.database)
            let load: BusinessFacts.Load = { id in
                loads.withLock { $0 += 1 }
                return try await store.load(id, from: nil)
            }
            let routed: BusinessFacts.Owners = { _, to in to == "+12125550100" ? [f.businessID] : [] }
            let facts = BusinessFacts(ttl: .seconds(1), now: { clock.now.withLock { $0 } }, load: load, owners: routed)
            #expect(try await facts.rules(f.businessID)?.business.id == f.businessID)
            _ = try await facts.rules(f.businessID)
            #expect(loads.withLock { $0 } == 1)
            clock.advance(.milliseconds(1001))
            _ = try await facts.rules(f.businessID)
            #expect(loads.withLock { $0 } == 2, "expired")
            facts.forget(f.businessID)
            _ = try await facts.rules(f.businessID)
            #expect(loads.withLock { $0 } == 3, "forgotten")
            #expect(try await facts.rules(UUID()) == nil, "an unknown business is not remembered")
            let before = loads.withLock { $0 }

            // The inbound lookup goes through the same cache, and remembers the route for an outage.
            #expect(facts.lastKnown(agentID: nil, toNumber: "+12125550100") == nil, "no route seen yet")
            #expect(try await facts.routed(agentID: nil, toNumber: "+12125550100")?.business.id == f.businessID)
            #expect(loads.withLock { $0 } == before, "fresh rules reused by the inbound lookup")
            #expect(facts.lastKnown(agentID: "agent_x", toNumber: "+12125550100")?.business.id == f.businessID)
            #expect(try await facts.belongsToAnother(UUID(), agentID: nil, toNumber: "+12125550100"))
            #expect(try await !facts.belongsToAnother(f.businessID, agentID: nil, toNumber: "+12125550100"))

            let off = BusinessFacts(ttl: .zero, load: load, owners: routed)
            _ = try await off.rules(f.businessID)
            _ = try await off.rules(f.businessID)
            #expect(loads.withLock { $0 } == before + 2, "a zero TTL never caches")
            #expect(off.lastKnown(f.businessID)?.business.id == f.businessID, "yet the last facts are kept for an outage")
        }
    }
}
