import Synchronization

/// Wakes the claiming loop early (a NOTIFY arrived, a job finished, shutdown began); otherwise it polls.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func fire() {
        let (waiter, timer) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Task<Void, Never>?) in
            defer { s.waiter = nil; s.timer = nil }
            if s.waiter == nil { s.pending = true }
            return (s.waiter, s.timer)
        }
        timer?.cancel()
        waiter?.resume()
    }

    /// Returns at the next `fire()` or after `timeout`, whichever comes first.
    func wait(upTo timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.pending { s.pending = false; return true }
                s.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume(); return }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { self.fire() }
            }
            // If the wake came between storing the waiter and here, the timer is simply not needed.
            let stale = state.withLock { s -> Bool in
                guard s.waiter != nil else { return true }
                s.timer = timer
                return false
            }
            if stale { timer.cancel() }
        }
    }
}
