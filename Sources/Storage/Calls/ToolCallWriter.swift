import Foundation
import Synchronization

/// The agent's function calls' audit rows, written in groups: while one `INSERT` is in flight the rows of calls
/// answered meanwhile wait and then go together in the next, so a busy line spends one statement on many calls rather
/// than one each (group commit), and a quiet line writes each row at once from its own caller. Every caller still waits
/// for its own row before its answer leaves, as before.
public final class ToolCallWriter: Sendable {
    struct Waiting {
        let row: ToolCallStore.Sealed
        let deadline: ContinuousClock.Instant
        let done: CheckedContinuation<Void, any Error>
    }

    struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    let store: ToolCallStore
    let state = Mutex(State())
    /// The most rows one statement carries.
    let batchLimit: Int

    public init(store: ToolCallStore, batchLimit: Int = 64) {
        self.store = store
        self.batchLimit = batchLimit
    }

    /// Seals the row (CPU only), then returns once it is written, or throws what its group's write threw.
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
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let starts = state.withLock { state in
                state.waiting.append(Waiting(row: row, deadline: deadline, done: done))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            // The write in flight ended between the two looks: this row starts the next group.
            if starts { Task { await self.drain() } }
        }
    }

    /// Writes the row on its own, never queued: for rows nobody waits for (answers given while the database is away),
    /// which must not hold the write that callers queue behind for its whole timeout.
    public func insertAlone(_ record: ToolCallStore.Record, within limit: Duration) async throws {
        try await store.insert([try store.sealed(record)], timeout: .after(limit))
    }

    /// After a caller's own write: the rows that arrived meanwhile are written by a task of their own.
    func handOver() {
        let more = state.withLock { state in
            if state.waiting.isEmpty { state.writing = false }
            return !state.waiting.isEmpty
        }
        if more { Task { await self.drain() } }
    }

    /// Writes groups until none is waiting; each group within the shortest time any of its callers has left.
    func drain() async {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = Array(state.waiting.prefix(batchLimit))
                state.waiting.removeFirst(group.count)
                if group.isEmpty { state.writing = false }
                return group
            }
            guard let soonest = group.map(\.deadline).min() else { return }
            let left = max(.milliseconds(50), soonest - ContinuousClock.now)
            do {
                try await store.insert(group.map(\.row), timeout: .after(left))
                for waiting in group { waiting.done.resume() }
            } catch {
                for waiting in group { waiting.done.resume(throwing: error) }
            }
        }
    }
}
