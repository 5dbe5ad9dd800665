import Domain
import Foundation
import Storage
import Synchronization

/// What Retell's routes know of a business, in one place and read one way: its rules for a moment (`RULES_CACHE_MS`,
/// 1 s by default) so a busy line does not reload them for every function call, and the last facts ever loaded
/// (transfer number, time zone, hours) to answer from while the database is away. An owner's change to hours, policy
/// or staff reaches calls within the moment; capacity decisions are unaffected, as they read the live bookings under
/// the business's lock in every transaction.
public final class BusinessFacts: Sendable {
    public typealias Load = @Sendable (UUID) async throws -> RulesStore.Loaded?
    public typealias Owners = @Sendable (_ agentID: String?, _ toNumber: String?) async throws -> [UUID]

    struct State {
        var loaded: [UUID: (facts: RulesStore.Loaded, freshUntil: ContinuousClock.Instant)] = [:]
        /// `agent:<id>` / `to:<number>` → the business they were last found registered to.
        var routes: [String: UUID] = [:]
        /// A call's (agent id, number) → the businesses they are registered to, fresh for the same moment as the rules.
        var owners: [String: (ids: [UUID], freshUntil: ContinuousClock.Instant)] = [:]
    }

    let ttl: Duration
    let now: @Sendable () -> ContinuousClock.Instant
    let load: Load
    let owners: Owners
    let state = Mutex(State())

    public init(
        ttl: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }, load: @escaping Load,
        owners: @escaping Owners
    ) {
        self.ttl = ttl
        self.now = now
        self.load = load
        self.owners = owners
    }

    public convenience init(database: Database, ttl: Duration) {
        let rules = RulesStore(database: database), routes = RetellRoutesStore(database: database)
        self.init(ttl: ttl, load: { try await rules.load($0, from: nil) }, owners: { try await routes.owners(agentID: $0, toNumber: $1) })
    }

    /// The business and its rules: cached while fresh, else loaded and remembered. Nil: no such business.
    public func rules(_ businessID: UUID) async throws -> RulesStore.Loaded? {
        if let fresh = freshRules(businessID) { return fresh }
        let at = now()
        guard let facts = try await load(businessID) else { return nil }
        state.withLock { $0.loaded[businessID] = (facts, at + ttl) }
        return facts
    }

    /// The business a call's agent id or called number is registered to, with its rules (the inbound webhook's lookup).
    public func routed(agentID: String?, toNumber: String?) async throws -> RulesStore.Loaded? {
        guard let businessID = try await owners(agentID, toNumber).first, let facts = try await rules(businessID) else { return nil }
        state.withLock { state in
            for key in Self.routeKeys(agentID: agentID, toNumber: toNumber) { state.routes[key] = businessID }
        }
        return facts
    }

    /// Whether the call's agent id or number is registered to a business other than `businessID` (such a call is refused).
    /// A cached "no" is trusted for the same moment as the rules, so a busy line does not look its routes up on every
    /// function call; a "yes" is always looked up again, so a number just moved to this business is never refused on a
    /// stale answer (a number moved away is refused within the moment).
    public func belongsToAnother(_ businessID: UUID, agentID: String?, toNumber: String?) async throws -> Bool {
        if knownNotElsewhere(businessID, agentID: agentID, toNumber: toNumber) { return false }
        let at = now(), key = Self.ownersKey(agentID: agentID, toNumber: toNumber)
        let ids = try await owners(agentID, toNumber)
        state.withLock { state in
            // Signed by Retell, so the keys are its agents and lines; bounded all the same.
            if state.owners.count >= 10_000 { state.owners.removeAll(keepingCapacity: true) }
            state.owners[key] = (ids, at + ttl)
        }
        return ids.contains { $0 != businessID }
    }

    /// A function call's two look-ups: the business's rules (nil: no such business) and whether the call's agent id or
    /// number belongs to another business. From this moment's cache when both are in it (a busy line), without a task;
    /// else read side by side (an `async let` is a task and a hand-over between threads, so only when there is a read).
    public func forCall(
        _ businessID: UUID, agentID: String?, toNumber: String?
    ) async throws -> (
        loaded: RulesStore.Loaded?, elsewhere: Bool
    ) {
        if let fresh = freshRules(businessID), knownNotElsewhere(businessID, agentID: agentID, toNumber: toNumber) { return (fresh, false) }
        async let elsewhere = belongsToAnother(businessID, agentID: agentID, toNumber: toNumber)
        guard let loaded = try await rules(businessID) else { return (nil, false) }
        return (loaded, try await elsewhere)
    }

    /// The business's rules when this moment's are cached, without a wait.
    func freshRules(_ businessID: UUID) -> RulesStore.Loaded? {
        guard ttl > .zero, let hit = state.withLock({ $0.loaded[businessID] }), hit.freshUntil > now() else { return nil }
        return hit.facts
    }

    /// True when the call's agent id and number are known, this moment, to belong to no other business (or there are none).
    func knownNotElsewhere(_ businessID: UUID, agentID: String?, toNumber: String?) -> Bool {
        guard agentID != nil || toNumber != nil else { return true }
        let key = Self.ownersKey(agentID: agentID, toNumber: toNumber)
        guard ttl > .zero, let hit = state.withLock({ $0.owners[key] }), hit.freshUntil > now() else { return false }
        return !hit.ids.contains { $0 != businessID }
    }

    static func ownersKey(agentID: String?, toNumber: String?) -> String { "\(agentID ?? "")\u{1}\(toNumber ?? "")" }

    /// The last facts loaded for the business, whatever their age: for answering while the database is away.
    public func lastKnown(_ businessID: UUID) -> RulesStore.Loaded? { state.withLock { $0.loaded[businessID]?.facts } }

    /// The last facts of the business an agent id or number was last found registered to.
    public func lastKnown(agentID: String?, toNumber: String?) -> RulesStore.Loaded? {
        let keys = Self.routeKeys(agentID: agentID, toNumber: toNumber)
        return state.withLock { state in
            guard let id = keys.first(where: { state.routes[$0] != nil }).flatMap({ state.routes[$0] }) else { return nil }
            return state.loaded[id]?.facts
        }
    }

    /// Drops the business's cached rules (they are loaded again on the next call); the last known facts stay.
    public func forget(_ businessID: UUID) {
        let at = now()
        state.withLock { $0.loaded[businessID]?.freshUntil = at - .seconds(1) }
    }

    /// The called number first (it names the line), then the agent.
    static func routeKeys(agentID: String?, toNumber: String?) -> [String] {
        [toNumber.map { "to:\($0)" }, agentID.map { "agent:\($0)" }].compactMap { $0 }
    }
}
