import NIOCore
import NIOPosix
import Synchronization

/// Raised when work did not finish within its budget (e.g. a health check while the database hangs).
public struct DeadlineExceeded: Error, Sendable {}

/// Runs `body`, answering with `DeadlineExceeded` once `timeout` passes even if `body` is stuck in a query that
/// ignores cancellation: the body is cancelled and left to finish on its own, never awaited past the deadline.
/// (A task group would wait for its child; a caller on the phone cannot.)
public func withDeadline<Result: Sendable>(
    _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let race = DeadlineRace<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            race.start(continuation)
            let work = Task {
                do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
            }
            race.attach(work)
            // An event-loop timer, not a sleeping task: cancelling it frees it at once (a cancelled Task.sleep keeps its
            // timer until the deadline, and there is one of these per query).
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            race.attachTimer(
                MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(nanoseconds)) {
                    if race.finish(.failure(DeadlineExceeded())) { work.cancel() }
                })
        }
    } onCancel: {
        race.cancel()
    }
}

/// The one-shot meeting point of the work and the timer: whichever finishes first resumes the caller.
private final class DeadlineRace<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var work: Task<Void, Never>?
        var timer: Scheduled<Void>?
        var cancelled = false
        var finished = false
    }

    private let state = Mutex(State())

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

    /// The timer is stopped as soon as the race is decided: a sleeping timer per query would otherwise keep the
    /// finished work (and what it captured) alive for the whole timeout, which under load is a lot of memory.
    func attachTimer(_ timer: Scheduled<Void>) {
        let finished = state.withLock { s -> Bool in
            if !s.finished { s.timer = timer }
            return s.finished
        }
        if finished { timer.cancel() }
    }

    /// Resumes the caller once; true for the call that did.
    @discardableResult
    func finish(_ result: Swift.Result<Result, any Error>) -> Bool {
        let (continuation, timer) = state.withLock { s -> (CheckedContinuation<Result, any Error>?, Scheduled<Void>?) in
            defer {
                s.continuation = nil
                s.timer = nil
                s.work = nil
                s.finished = true
            }
            return (s.continuation, s.timer)
        }
        timer?.cancel()
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
