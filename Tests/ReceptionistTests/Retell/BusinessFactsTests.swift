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

    /// The check that a call's agent or number is not another business's runs on every function call: it is read once
    /// per moment per (agent, number), seen again after the moment (a number moved elsewhere is refused then), looked up
    /// again before any refusal (a number moved here is served at once), and never cached with a zero TTL.
    @Test func routeOwnersAreReadOncePerMoment() async throws {
        let clock = Clock()
        let lookups = Mutex(0)
        let home = UUID(), other = UUID()
        let registered = Mutex([home])
        let owners: BusinessFacts.Owners = { _, _ in
            lookups.withLock { $0 += 1 }
            return registered.withLock { $0 }
        }
        let facts = BusinessFacts(ttl: .seconds(1), now: { clock.now.withLock { $0 } }, load: { _ in nil }, owners: owners)
        for _ in 0 ..< 5 { #expect(try await !facts.belongsToAnother(home, agentID: "agent_a", toNumber: "+12125550100")) }
        #expect(lookups.withLock { $0 } == 1)
        #expect(try await !facts.belongsToAnother(home, agentID: "agent_b", toNumber: "+12125550100"))
        #expect(lookups.withLock { $0 } == 2, "another agent is another key")
        #expect(try await !facts.belongsToAnother(home, agentID: nil, toNumber: nil))
        #expect(lookups.withLock { $0 } == 2, "a call naming neither is never looked up")
        registered.withLock { $0 = [other] }
        #expect(try await !facts.belongsToAnother(home, agentID: "agent_a", toNumber: "+12125550100"), "within the moment")
        clock.advance(.milliseconds(1001))
        #expect(try await facts.belongsToAnother(home, agentID: "agent_a", toNumber: "+12125550100"), "moved: refused after the moment")
        // Moved back: the cached "another's" is looked up again at once, never a refusal on a stale answer.
        registered.withLock { $0 = [home] }
        let beforeBack = lookups.withLock { $0 }
        #expect(try await !facts.belongsToAnother(home, agentID: "agent_a", toNumber: "+12125550100"), "moved here: served at once")
        #expect(lookups.withLock { $0 } == beforeBack + 1)
        let off = BusinessFacts(ttl: .zero, load: { _ in nil }, owners: owners)
        let before = lookups.withLock { $0 }
        _ = try await off.belongsToAnother(home, agentID: "agent_a", toNumber: nil)
        _ = try await off.belongsToAnother(home, agentID: "agent_a", toNumber: nil)
        #expect(lookups.withLock { $0 } == before + 2, "a zero TTL never caches")
    }
}
