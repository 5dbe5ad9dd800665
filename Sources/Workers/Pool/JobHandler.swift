import Foundation
import Storage

/// What became of one attempt at a job.
public enum JobResult: Sendable, Equatable {
    case done
    /// A transient failure: try again after back-off.
    case retry(String)
    /// A failure no retry can fix (a provider's 400-class answer): dead at once.
    case permanent(String)
    /// The provider asked us to wait (429 / Retry-After): run again then, without spending an attempt.
    case rateLimited(until: Date, reason: String)
}

/// Runs the jobs of some kinds; the pool leases, heartbeats and records the result.
public protocol JobHandler: Sendable {
    var kinds: Set<String> { get }
    func run(_ job: ClaimedJob) async -> JobResult
}
