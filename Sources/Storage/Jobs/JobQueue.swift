import Domain
import Foundation
import PostgresNIO

/// A job a worker holds under a lease.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var businessID: UUID?
    public var kind: String
    public var payload: String
    public var attempt: Int
    public var maxAttempts: Int
    public var orderingKey: String?
}

/// The outbox as a queue (the River / good_job model): claim with `FOR UPDATE SKIP LOCKED`, short leases renewed by
/// heartbeats, capped back-off, a terminal dead state an operator can retry, and per-key FIFO.
public struct JobQueue: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Claims up to `limit` runnable jobs: due, first of their ordering key, and within `perBusiness` running jobs
    /// per business so one busy business cannot starve the rest.
    public func claim(worker: String, limit: Int, lease: Duration, perBusiness: Int) async throws -> [ClaimedJob] {
        let leaseSeconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        let rows = try await database.query(
            """
            WITH running AS (
                SELECT business_id, count(*) AS n FROM jobs WHERE state = 'running' AND business_id IS NOT NULL GROUP BY business_id
            ), ranked AS (
                SELECT j.id, j.priority, j.run_at,
                       row_number() OVER (PARTITION BY j.business_id ORDER BY j.priority, j.run_at, j.id) + coalesce(r.n, 0) AS load,
                       j.business_id
                FROM jobs j LEFT JOIN running r ON r.business_id = j.business_id
                WHERE j.state IN ('available', 'failed') AND j.run_at <= now()
                  AND (j.ordering_key IS NULL OR NOT EXISTS (
                        SELECT 1 FROM jobs o WHERE o.ordering_key = j.ordering_key AND o.id < j.id
                          AND o.state IN ('available', 'running', 'failed')))
            ), picked AS (
                SELECT id FROM jobs
                WHERE id IN (SELECT id FROM ranked WHERE business_id IS NULL OR load <= \(perBusiness)
                             ORDER BY priority, run_at, id LIMIT \(limit))
                  AND state IN ('available', 'failed')
                ORDER BY priority, run_at, id
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = \(worker),
                locked_until = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
            FROM picked WHERE jobs.id = picked.id
            RETURNING jobs.id, jobs.business_id, jobs.kind, jobs.payload::text, jobs.attempt, jobs.max_attempts, jobs.ordering_key
            """)
        var jobs: [ClaimedJob] = []
        for try await (id, business, kind, payload, attempt, max, ordering) in rows.decode((Int64, UUID?, String, String, Int, Int, String?).self) {
            jobs.append(ClaimedJob(id: id, businessID: business, kind: kind, payload: payload, attempt: attempt, maxAttempts: max, orderingKey: ordering))
        }
        return jobs.sorted { $0.id < $1.id }
    }

    /// Renews the leases this worker still holds; false for a job whose lease was lost (another worker may have it).
    @discardableResult
    public func heartbeat(_ id: Int64, worker: String, lease: Duration) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE jobs SET locked_until = now() + make_interval(secs => \(Double(lease.components.seconds))), updated_at = now()
            WHERE id = \(id) AND state = 'running' AND locked_by = \(worker) RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    public func succeed(_ id: Int64, worker: String) async throws {
        try await finish(id, worker: worker, state: "succeeded", error: nil, runAt: nil, spendAttempt: true)
    }

    /// A failed attempt: retried after back-off, or dead after the last attempt or for a permanent error.
    public func fail(_ id: Int64, worker: String, attempt: Int, maxAttempts: Int, error: String, permanent: Bool) async throws {
        if permanent || attempt >= maxAttempts {
            try await finish(id, worker: worker, state: "dead", error: error, runAt: nil, spendAttempt: true)
        } else {
            let delay = Backoff.delay(afterAttempt: attempt, jitter: Double.random(in: -1...1))
            try await finish(id, worker: worker, state: "failed", error: error, runAt: Date().addingTimeInterval(delay), spendAttempt: true)
        }
    }

    /// A provider's rate limit: run again at `until` without spending an attempt.
    public func snooze(_ id: Int64, worker: String, until: Date, reason: String) async throws {
        try await finish(id, worker: worker, state: "available", error: reason, runAt: until, spendAttempt: false)
    }

    /// Jobs whose worker died: their lease ran out, so they become runnable again (or dead if that was the last attempt).
    @discardableResult
    public func rescueExpired() async throws -> Int {
        let rows = try await database.query(
            """
            UPDATE jobs SET state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'failed' END,
                last_error = 'lease expired: the worker stopped before finishing', locked_by = NULL, locked_until = NULL,
                run_at = now(), updated_at = now(),
                finished_at = CASE WHEN attempt >= max_attempts THEN now() ELSE NULL END
            WHERE state = 'running' AND locked_until < now()
            RETURNING 1
            """)
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }

    /// An operator sends a dead job back to the queue with a fresh set of attempts.
    public func retryDead(_ id: Int64) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE jobs SET state = 'available', attempt = 0, run_at = now(), finished_at = NULL, updated_at = now()
            WHERE id = \(id) AND state = 'dead' RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Deletes finished jobs older than `age`, in batches, so the table and its indexes stay small.
    @discardableResult
    public func prune(olderThan age: Duration, batch: Int = 1000) async throws -> Int {
        let rows = try await database.query(
            """
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs WHERE state IN ('succeeded', 'dead', 'cancelled')
                  AND finished_at < now() - make_interval(secs => \(Double(age.components.seconds))) LIMIT \(batch))
            RETURNING 1
            """)
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }

    /// Ends the attempt if this worker still holds the job; errors are kept as `last_error` and in a short history.
    func finish(_ id: Int64, worker: String, state: String, error: String?, runAt: Date?, spendAttempt: Bool) async throws {
        for try await _ in try await database.query(
            """
            UPDATE jobs SET state = \(state), locked_by = NULL, locked_until = NULL, updated_at = now(),
                attempt = CASE WHEN \(spendAttempt) THEN attempt ELSE attempt - 1 END,
                run_at = coalesce(\(runAt), run_at),
                last_error = coalesce(\(error), last_error),
                errors = CASE WHEN \(error)::text IS NULL THEN errors
                         ELSE (jsonb_build_array(jsonb_build_object('at', now(), 'attempt', attempt, 'error', \(error)::text)) || errors) - 10 END,
                finished_at = CASE WHEN \(state) IN ('succeeded', 'dead', 'cancelled') THEN now() ELSE NULL END
            WHERE id = \(id) AND state = 'running' AND locked_by = \(worker)
            """) {}
    }
}
