import Foundation
import Support
import Synchronization

/// The agent's function calls' audit rows, written in groups: while one `INSERT` is in flight the rows of calls
/// answered meanwhile wait and then go together in the next, so a busy line spends one statement on many calls rather
/// than one each (group commit), and a quiet line writes each row at once from its own caller. Every caller waits for
/// its own row before its answer leaves, but never past its own deadline: not for a slow write of others' rows ahead
/// of it, and not for the longer time its group's other rows were given.
public final class ToolCallWriter: Sendable {
    struct Waiting {
        let id: UInt64
        let row: ToolCallStore.Sealed
        var deadline: ContinuousClock.Instant
        /// Nil once its caller stopped waiting: the row still goes with the next group.
        var done: CheckedContinuation<Void, any Error>?
    }

    struct State {
        var waiting: [Waiting] = []
        /// The callers whose rows are in the statement in flight and still waiting for it, by id.
        var inFlight: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var writing = false
        var nextID: UInt64 = 0
    }

    /// Thrown to a caller whose deadline passed before its row was written. Queued, the row stays queued and goes with
    /// the next group; in flight, its statement goes on and the row is most likely written.
    public struct StoppedWaiting: Error, CustomStringConvertible {
        public let queued: Bool
        public var description: String {
            queued ? "the deadline passed while queued: written with the next group" : "the deadline passed while the row was being written"
        }
    }

    let store: ToolCallStore
    let state = Mutex(State())
    /// How long a row whose caller stopped waiting may still take to write: nobody waits for it, but it is the call's audit.
    static let backgroundLimit = Duration.seconds(10)
    /// The most rows one statement carries.
    let batchLimit: Int

    public init(store: ToolCallStore, batchLimit: Int = 64) {
        self.store = store
        self.batchLimit = batchLimit
    }

    /// Seals the row (CPU only), then returns once it is written, or throws what its group's write threw, or
    /// `StoppedWaiting` once `limit` has passed.
    public func insert(_ record: ToolCallStore.Record, within limit: Duration) async throws {
        let row = try store.sealed(record)
        let leads = state.withLock { state in
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if leads {
            // A quiet moment: the row is written at once by its own caller (no hop to another task); rows arriving
            // meanwhile wait, and go together once this write is done.
            var failure: (any Error)?
            do { try await store.insert([row], timeout: .after(limit)) } catch { failure = error }
            handOver()
            if let failure { throw failure }
            return
        }
        let deadline = ContinuousClock.now + limit
        var alarm: Alarms.Token?
        defer { if let alarm { Alarms.shared.disarm(alarm) } }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let (id, starts) = state.withLock { state in
                state.nextID &+= 1
                state.waiting.append(Waiting(id: state.nextID, row: row, deadline: deadline, done: done))
                guard !state.writing else { return (state.nextID, false) }
                state.writing = true
                return (state.nextID, true)
            }
            // The write in flight ended between the two looks: this row starts the next group.
            if starts { Task { await self.drain() } }
            alarm = Alarms.shared.arm(at: deadline) { [weak self] in self?.expire(id) }
        }
    }

    /// Writes the row on its own, never queued: for rows nobody waits for (answers given while the database is away),
    /// which must not hold the write that callers queue behind for its whole timeout.
    public func insertAlone(_ record: ToolCallStore.Record, within limit: Duration) async throws {
        try await store.insert([try store.sealed(record)], timeout: .after(limit))
    }

    /// A caller's deadline passed: it stops waiting. A row still queued stays in the queue (written with the next group,
    /// given `backgroundLimit` from now), so a stalled database gets no extra statement per expired caller.
    func expire(_ id: UInt64) {
        let (queued, inFlight) = state.withLock { state -> (CheckedContinuation<Void, any Error>?, CheckedContinuation<Void, any Error>?) in
            if let index = state.waiting.firstIndex(where: { $0.id == id }) {
                let done = state.waiting[index].done
                state.waiting[index].done = nil
                state.waiting[index].deadline = ContinuousClock.now + Self.backgroundLimit
                return (done, nil)
            }
            return (nil, state.inFlight.removeValue(forKey: id))
        }
        queued?.resume(throwing: StoppedWaiting(queued: true))
        inFlight?.resume(throwing: StoppedWaiting(queued: false))
    }

    /// After a caller's own write: the rows that arrived meanwhile are written by a task of their own.
    func handOver() {
        let more = state.withLock { state in
            if state.waiting.isEmpty { state.writing = false }
            return !state.waiting.isEmpty
        }
        if more { Task { await self.drain() } }
    }

    /// Writes groups until none is waiting; each group within the longest time any of its callers has left (each caller
    /// stops waiting at its own deadline, so a short one does not fail the others' rows).
    func drain() async {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = Array(state.waiting.prefix(batchLimit))
                state.waiting.removeFirst(group.count)
                if group.isEmpty { state.writing = false }
                for waiting in group { if let done = waiting.done { state.inFlight[waiting.id] = done } }
                return group
            }
            guard let latest = group.map(\.deadline).max() else { return }
            let left = max(.milliseconds(50), latest - ContinuousClock.now)
            var failure: (any Error)?
            do { try await store.insert(group.map(\.row), timeout: .after(left)) } catch { failure = error }
            let waiting = state.withLock { state in group.compactMap { state.inFlight.removeValue(forKey: $0.id) } }
            for done in waiting {
                if let failure { done.resume(throwing: failure) } else { done.resume() }
            }
        }
    }
}
