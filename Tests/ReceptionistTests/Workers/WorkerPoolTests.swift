import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization
import Testing
import Workers

/// Counts every job it runs, so tests can see each job ran exactly once.
final class CountingHandler: JobHandler {
    let kinds: Set<String> = ["test"]
    let seen = Mutex<[Int64]>([])
    let result: JobResult

    init(result: JobResult = .done) { self.result = result }

    func run(_ job: ClaimedJob) async -> JobResult {
        seen.withLock { $0.append(job.id) }
        return result
    }
}

@Suite struct WorkerPoolTests {
    @Test func twoProcessesDrainEveryJobOnce() async throws {
        try await BookingFixture.run { f in
            try await f.database.query("INSERT INTO jobs (kind, payload) SELECT 'test', '{}' FROM generate_series(1, 200)")
            let other = Database(
                configuration: f.database.configuration, logger: TestApp.logger, operationTimeout: TestEnvironment.databaseTimeout,
                vault: TestEnvironment.vault)
            let a = CountingHandler(), b = CountingHandler()
            let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await other.client.run()
                    return true
                }
                let ok = try await TestPools.run([
                    WorkerPool(database: f.database, handlers: [a], configuration: .init(name: "a", concurrency: 4), logger: TestApp.logger),
                    WorkerPool(database: other, handlers: [b], configuration: .init(name: "b", concurrency: 4), logger: TestApp.logger),
                ]) { try await f.count("SELECT count(*)::int FROM jobs WHERE state = 'succeeded'") == 200 }
                group.cancelAll()
                return ok
            }
            #expect(finished)
            let all = a.seen.withLock { $0 } + b.seen.withLock { $0 }
            #expect(all.count == 200)
            #expect(Set(all).count == 200)
        }
    }

    /// `direct`: LISTEN on a pool of its own (`DATABASE_DIRECT_URL`, as behind PgBouncer), which the pool runs itself.
    @Test(arguments: [false, true])
    func aNewJobWakesAnIdlePoolThroughNotify(direct: Bool) async throws {
        try await BookingFixture.run { f in
            let handler = CountingHandler()
            let listen = direct ? Database(configuration: try DatabaseURL.configuration(from: f.url), logger: TestApp.logger) : nil
            // Polling every minute: only the NOTIFY from the enqueueing transaction can wake it in time.
            let pool = WorkerPool(
                database: f.database, handlers: [handler], configuration: .init(name: "n", poll: .seconds(60)), logger: TestApp.logger,
                listenDatabase: listen)
            let enqueued = Mutex<ContinuousClock.Instant?>(nil)
            let ok = try await TestPools.run([pool]) {
                // Enqueue once the pool's LISTEN has completed (its session idles after it): a NOTIFY before that
                // reaches nobody, and on a busy machine connecting may take longer than any fixed wait.
                let listening = try await f.count(
                    """
                    SELECT count(*)::int FROM pg_stat_activity
                    WHERE datname = current_database() AND state = 'idle' AND query LIKE 'LISTEN%'
                    """)
                if listening > 0, try await f.count("SELECT count(*)::int FROM jobs") == 0 {
                    try await f.database.query("INSERT INTO jobs (kind, payload) VALUES ('test', '{}')")
                    enqueued.withLock { $0 = ContinuousClock.now }
                }
                return try await f.count("SELECT count(*)::int FROM jobs WHERE state = 'succeeded'") == 1
            }
            #expect(ok)
            let woken = try #require(enqueued.withLock { $0 }).duration(to: .now)
            #expect(woken < .seconds(10), "the next poll is a minute away: only the NOTIFY wakes it this soon")
        }
    }

    @Test func resultsAreRecorded() async throws {
        try await BookingFixture.run { f in
            try await f.database.query("INSERT INTO jobs (kind, payload) VALUES ('test', '{}'), ('unknown_kind', '{}')")
            let handler = CountingHandler(result: .retry("HTTP 503"))
            let ok = try await TestPools.run([
                WorkerPool(database: f.database, handlers: [handler], configuration: .init(name: "r"), logger: TestApp.logger)
            ]) {
                try await f.count("SELECT count(*)::int FROM jobs WHERE state IN ('failed', 'dead')") == 2
            }
            #expect(ok)
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM jobs WHERE kind = 'test' AND state = 'failed' AND last_error = 'HTTP 503' AND run_at - "
                        + "updated_at >= interval '1.7 s'"
                ) == 1,
                "retried after its back-off, counted from the failure")
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'unknown_kind' AND state = 'dead'") == 1)
        }
    }
}
