import Synchronization

/// Wakes the claiming loop (a NOTIFY arrived, a job finished, the poll ticker ticked, shutdown began). A wake with no
/// one waiting is kept for the next wait. It has no timer of its own: a cancelled `Task.sleep` holds its timer until
/// the deadline, so a timer per wait would pile up at high throughput; one ticker per pool fires it instead.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func fire() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let waiter = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next `fire()` (at once if one came since the last wait).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.pending {
                    s.pending = false
                    return true
                }
                s.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}
