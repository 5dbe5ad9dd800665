import Domain
import Foundation
import PostgresNIO
import Storage

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
    /// per business so one busy business cannot starve the rest. Only a short head of the queue is considered (rows
    /// of businesses already at their cap are skipped in the index scan), so a claim costs the same with 20 or
    /// 200,000 jobs waiting; that head is taken with SKIP LOCKED, so racing claimers look past each other's rows.
    public func claim(worker: String, limit: Int, lease: Duration, perBusiness: Int) async throws -> [ClaimedJob] {
        let leaseSeconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        let rows = try await database.query(
            """
            WITH running AS (
                SELECT business_id, count(*) AS n FROM jobs WHERE state = 'running' AND business_id IS NOT NULL GROUP BY business_id
            ), candidates AS (
                SELECT j.id, j.business_id, j.priority, j.run_at
                FROM jobs j
                WHERE j.state IN ('available', 'failed') AND j.run_at <= now()
                  AND (j.business_id IS NULL OR j.business_id NOT IN (SELECT business_id FROM running WHERE n >= \(perBusiness)))
                  AND (j.ordering_key IS NULL OR NOT EXISTS (
                        SELECT 1 FROM jobs o WHERE o.ordering_key = j.ordering_key AND o.id < j.id
                          AND o.state IN ('available', 'running', 'failed')))
                ORDER BY j.priority, j.run_at, j.id
                LIMIT \(limit * 4 + 32)
                FOR UPDATE OF j SKIP LOCKED
            ), ranked AS (
                SELECT c.id, c.business_id, c.priority, c.run_at,
                       row_number() OVER (PARTITION BY c.business_id ORDER BY c.priority, c.run_at, c.id) + coalesce(r.n, 0) AS load
                FROM candidates c LEFT JOIN running r ON r.business_id = c.business_id
            ), picked AS (
                SELECT id FROM ranked WHERE business_id IS NULL OR load <= \(perBusiness)
                ORDER BY priority, run_at, id LIMIT \(limit)
            )
            UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = \(worker),
                locked_until = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
            FROM picked WHERE jobs.id = picked.id
            RETURNING jobs.id, jobs.business_id, jobs.kind, jobs.payload::text, jobs.attempt, jobs.max_attempts, jobs.ordering_key
            """)
        var jobs: [ClaimedJob] = []
        for try await (id, business, kind, payload, attempt, max, ordering) in rows.decode((Int64, UUID?, String, String, Int, Int, String?).self) {
            jobs.append(
                ClaimedJob(id: id, businessID: business, kind: kind, payload: payload, attempt: attempt, maxAttempts: max, orderingKey: ordering))
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

    /// Renews the leases of several jobs this worker holds, in one statement.
    public func heartbeat(_ ids: [Int64], worker: String, lease: Duration) async throws {
        _ = try await database.query(
            """
            UPDATE jobs SET locked_until = now() + make_interval(secs => \(Double(lease.components.seconds))), updated_at = now()
            WHERE id = ANY(\(ids)) AND state = 'running' AND locked_by = \(worker)
            """
        ).collect()
    }

    public func succeed(_ id: Int64, worker: String) async throws {
        try await finish(id, worker: worker, state: "succeeded", error: nil, spendAttempt: true)
    }

    /// A failed attempt: retried after back-off, or dead after the last attempt or for a permanent error.
    public func fail(_ id: Int64, worker: String, attempt: Int, maxAttempts: Int, error: String, permanent: Bool) async throws {
        if permanent || attempt >= maxAttempts {
            try await finish(id, worker: worker, state: "dead", error: error, spendAttempt: true)
        } else {
            let delay = Backoff.delay(afterAttempt: attempt, jitter: Double.random(in: -1 ... 1))
            try await finish(id, worker: worker, state: "failed", error: error, delay: delay, spendAttempt: true)
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
                errors = (jsonb_build_array(jsonb_build_object('at', now(), 'attempt', attempt,
                          'error', 'lease expired: the worker (' || coalesce(locked_by, '?') || ') stopped before finishing')) || errors) - 10,
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

    /// Takes or renews the maintenance lease for `holder` until `ttl` from now; true while this holder has it. One
    /// statement (a transaction of its own), so it works the same through PgBouncer.
    public func holdMaintenance(_ holder: String, ttl: Duration) async throws -> Bool {
        let seconds = Double(ttl.components.seconds)
        let rows = try await database.query(
            """
            INSERT INTO maintenance_lease (id, holder, until) VALUES (1, \(holder), now() + make_interval(secs => \(seconds)))
            ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
            WHERE maintenance_lease.until < now() OR maintenance_lease.holder = EXCLUDED.holder
            RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Gives the lease up (a graceful stop), so another worker takes it at its next round.
    public func releaseMaintenance(_ holder: String) async throws {
        try await database.query("DELETE FROM maintenance_lease WHERE holder = \(holder)").collect()
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
    /// `runAt` is an instant a provider named (a rate limit's end); `delay` a back-off counted from the database's clock
    /// at the failure, so a worker's late or skewed clock never shortens it.
    func finish(_ id: Int64, worker: String, state: String, error: String?, runAt: Date? = nil, delay: Double? = nil, spendAttempt: Bool) async throws
    {
        // Providers repeat the recipient in their errors; the history keeps the reason, not the number or address.
        let error = error.map(Redaction.scrub)
        for try await _ in try await database.query(
            """
            UPDATE jobs SET state = \(state), locked_by = NULL, locked_until = NULL, updated_at = now(),
                attempt = CASE WHEN \(spendAttempt) THEN attempt ELSE attempt - 1 END,
                run_at = coalesce(\(runAt), now() + make_interval(secs => \(delay)), run_at),
                last_error = coalesce(\(error), last_error),
                errors = CASE WHEN \(error)::text IS NULL THEN errors
                         ELSE (jsonb_build_array(jsonb_build_object('at', now(), 'attempt', attempt, 'error', \(error)::text)) || errors) - 10 END,
                finished_at = CASE WHEN \(state) IN ('succeeded', 'dead', 'cancelled') THEN now() ELSE NULL END
            WHERE id = \(id) AND state = 'running' AND locked_by = \(worker)
            """)
        {}
    }
}

/// A job as an operator sees it: state, attempts, timing and its recent errors.
public struct JobInfo: Sendable, Equatable, Codable {
    public var id: Int64
    public var businessID: UUID?
    public var kind: String
    public var state: String
    public var attempt: Int
    public var maxAttempts: Int
    public var runAt: Date
    public var lockedBy: String?
    public var lastError: String?
    public var errorsJSON: String
    public var dedupeKey: String?
    public var orderingKey: String?
    public var createdAt: Date
    public var finishedAt: Date?
}

/// The queue's health at a glance, for metrics and `receptionist jobs`.
public struct QueueStats: Sendable, Equatable {
    /// Jobs per state, except `succeeded` (the finished history is not worth a scan).
    public var counts: [String: Int]
    /// Age in seconds of the oldest job that is due and waiting, 0 when none waits.
    public var oldestWaitingSeconds: Double
    /// Google Calendar connections per status (`connected`, `invalid`, `disconnected`): an alert on `invalid`.
    public var calendarConnections: [String: Int] = [:]

    public init(counts: [String: Int], oldestWaitingSeconds: Double) {
        self.counts = counts
        self.oldestWaitingSeconds = oldestWaitingSeconds
    }
}

extension JobQueue {
    static let infoColumns = """
        id, business_id, kind, state, attempt, max_attempts, run_at, locked_by, last_error, errors::text, dedupe_key, ordering_key, created_at,
        finished_at
        """

    /// Jobs in a state (all when nil), newest first, after a cursor id.
    public func list(state: String?, businessID: UUID?, before: Int64?, limit: Int) async throws -> [JobInfo] {
        try await infos(
            try await database.query(
                """
                SELECT \(unescaped: Self.infoColumns) FROM jobs
                WHERE (\(state)::text IS NULL OR state = \(state)) AND (\(businessID)::uuid IS NULL OR business_id = \(businessID))
                  AND (\(before)::bigint IS NULL OR id < \(before))
                ORDER BY id DESC LIMIT \(limit)
                """))
    }

    public func get(_ id: Int64) async throws -> JobInfo? {
        try await infos(try await database.query("SELECT \(unescaped: Self.infoColumns) FROM jobs WHERE id = \(id)")).first
    }

    /// An operator withdraws a job that has not finished and is not running.
    public func cancel(_ id: Int64) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), last_error = coalesce(last_error,
            'cancelled by an operator')
            WHERE id = \(id) AND state IN ('available', 'failed', 'dead') RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    public func stats() async throws -> QueueStats {
        var counts: [String: Int] = [:]
        for try await (state, n) in try await database.query("SELECT state, count(*)::bigint FROM jobs WHERE state <> 'succeeded' GROUP BY state")
            .decode((String, Int).self)
        {
            counts[state] = n
        }
        var oldest = 0.0
        for try await age in try await database.query(
            """
            SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8 FROM jobs
            WHERE state IN ('available', 'failed') AND run_at <= now()
            """
        ).decode(Double.self) { oldest = age }
        var calendars: [String: Int] = [:]
        for try await (status, n) in try await database.query("SELECT status, count(*)::bigint FROM calendar_connections GROUP BY status")
            .decode((String, Int).self)
        {
            calendars[status] = n
        }
        var stats = QueueStats(counts: counts, oldestWaitingSeconds: oldest)
        stats.calendarConnections = calendars
        return stats
    }

    func infos(_ rows: PostgresRowSequence) async throws -> [JobInfo] {
        var out: [JobInfo] = []
        for try await row in rows {
            let c = row.makeRandomAccess()
            out.append(
                JobInfo(
                    id: try c[0].decode(Int64.self), businessID: try c[1].decode(UUID?.self), kind: try c[2].decode(String.self),
                    state: try c[3].decode(String.self), attempt: try c[4].decode(Int.self), maxAttempts: try c[5].decode(Int.self),
                    runAt: try c[6].decode(Date.self), lockedBy: try c[7].decode(String?.self), lastError: try c[8].decode(String?.self),
                    errorsJSON: try c[9].decode(String.self), dedupeKey: try c[10].decode(String?.self), orderingKey: try c[11].decode(String?.self),
                    createdAt: try c[12].decode(Date.self), finishedAt: try c[13].decode(Date?.self)))
        }
        return out
    }
}
