import Synchronization

/// One shared, coarse timer for the call path's many deadlines (a function's budget, a query's limit, an audit row's
/// wait): arming or disarming one is a lock and a dictionary entry. A timer of its own per deadline (an event loop's
/// scheduled task armed from another thread, or a sleeping task) cost a wake-up of another thread, a kernel timer and
/// a task each, three times per call, while almost every deadline is disarmed long before it is due.
/// An alarm rings within `tick` after its instant (10 ms: nothing here needs finer).
public final class Alarms: Sendable {
    /// The process's alarms.
    public static let shared = Alarms(tick: .milliseconds(10))

    /// An armed alarm, to disarm it.
    public struct Token: Sendable {
        let id: UInt64
    }

    struct Alarm {
        let at: ContinuousClock.Instant
        let ring: @Sendable () -> Void
    }

    struct State {
        var armed: [UInt64: Alarm] = [:]
        var nextID: UInt64 = 0
        /// Whether the ticking task runs; it stops after `idleTicks` ticks with nothing armed.
        var ticking = false
    }

    let tick: Duration
    /// About a second without alarms before the ticking task stops (a quiet line does not start one per call).
    let idleTicks: Int
    private let state = Mutex(State())

    public init(tick: Duration) {
        self.tick = tick
        self.idleTicks = max(1, Int(Duration.seconds(1) / tick))
    }

    /// Rings `ring` once `at` has passed, unless disarmed first. `ring` runs on the ticking task: keep it short.
    @discardableResult
    public func arm(at: ContinuousClock.Instant, _ ring: @escaping @Sendable () -> Void) -> Token {
        let (id, start) = state.withLock { state -> (UInt64, Bool) in
            state.nextID &+= 1
            state.armed[state.nextID] = Alarm(at: at, ring: ring)
            defer { state.ticking = true }
            return (state.nextID, !state.ticking)
        }
        if start { Task.detached { await self.run() } }
        return Token(id: id)
    }

    /// Disarms the alarm (nothing when it already rang).
    public func disarm(_ token: Token) {
        _ = state.withLock { $0.armed.removeValue(forKey: token.id) }
    }

    /// Alarms armed and not yet rung or disarmed.
    public var armedCount: Int { state.withLock { $0.armed.count } }

    /// Rings the alarms due every tick; stops once nothing was armed for `idleTicks` ticks.
    private func run() async {
        var idle = 0
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let due = state.withLock { state -> [Alarm]? in
                if state.armed.isEmpty {
                    idle += 1
                    if idle >= idleTicks {
                        state.ticking = false
                        return nil
                    }
                    return []
                }
                idle = 0
                var due: [Alarm] = []
                for (id, alarm) in state.armed where alarm.at <= now {
                    due.append(alarm)
                    state.armed[id] = nil
                }
                return due
            }
            guard let due else { return }
            for alarm in due { alarm.ring() }
        }
    }
}
