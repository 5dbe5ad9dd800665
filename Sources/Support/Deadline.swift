import Synchronization

/// Raised when work did not finish within its budget (e.g. a health check while the database hangs).
public struct DeadlineExceeded: Error, Sendable {}

/// The deadline the current task's work answers by, when one encloses it (set by `withDeadline`).
public enum EnclosingDeadline {
    @TaskLocal public static var instant: ContinuousClock.Instant?
}

/// Runs `body`, answering with `DeadlineExceeded` once `timeout` passes even if `body` is stuck in a query that
/// ignores cancellation: the body is cancelled and left to finish on its own, never awaited past the deadline.
/// (A task group would wait for its child; a caller on the phone cannot.) Inside an earlier (or equal) enclosing
/// deadline, `body` simply runs: the enclosing one answers first and cancels it (a function's 1.5 s budget around its
/// queries' 5 s limits), which saves a task and an alarm per query on the call path.
public func withDeadline<Result: Sendable>(
    _ timeout: Duration, alarms: Alarms = .shared, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let deadline = ContinuousClock.now + timeout
    if let enclosing = EnclosingDeadline.instant, enclosing <= deadline { return try await body() }
    let race = DeadlineRace<Result>(alarms: alarms)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            race.start(continuation)
            // The work's own nested deadlines see this one (a task inherits its creator's task-local values).
            let work = EnclosingDeadline.$instant.withValue(deadline) {
                Task {
                    do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
                }
            }
            race.attach(work)
            race.attachAlarm(
                alarms.arm(at: deadline) {
                    if race.finish(.failure(DeadlineExceeded())) { work.cancel() }
                })
        }
    } onCancel: {
        race.cancel()
    }
}

/// The one-shot meeting point of the work and the alarm: whichever finishes first resumes the caller.
private final class DeadlineRace<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var work: Task<Void, Never>?
        var alarm: Alarms.Token?
        var cancelled = false
        var finished = false
    }

    private let state = Mutex(State())
    private let alarms: Alarms

    init(alarms: Alarms) { self.alarms = alarms }

    func start(_ continuation: CheckedContinuation<Result, any Error>) {
        let cancelled = state.withLock { s -> Bool in
            s.continuation = continuation
            return s.cancelled
        }
        if cancelled { finish(.failure(CancellationError())) }
    }

    func attach(_ work: Task<Void, Never>) {
        let cancelled = state.withLock { s -> Bool in
            s.work = work
            return s.cancelled
        }
        if cancelled { work.cancel() }
    }

    /// The alarm is disarmed as soon as the race is decided: an armed alarm per query would otherwise keep the
    /// finished work (and what it captured) alive for the whole timeout, which under load is a lot of memory.
    func attachAlarm(_ alarm: Alarms.Token) {
        let finished = state.withLock { s -> Bool in
            if !s.finished { s.alarm = alarm }
            return s.finished
        }
        if finished { alarms.disarm(alarm) }
    }

    /// Resumes the caller once; true for the call that did.
    @discardableResult
    func finish(_ result: Swift.Result<Result, any Error>) -> Bool {
        let (continuation, alarm) = state.withLock { s -> (CheckedContinuation<Result, any Error>?, Alarms.Token?) in
            defer {
                s.continuation = nil
                s.alarm = nil
                s.work = nil
                s.finished = true
            }
            return (s.continuation, s.alarm)
        }
        if let alarm { alarms.disarm(alarm) }
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }

    func cancel() {
        let work = state.withLock { s -> Task<Void, Never>? in
            s.cancelled = true
            return s.work
        }
        work?.cancel()
        finish(.failure(CancellationError()))
    }
}
