import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage
import Synchronization
import Workers

/// Measures the worker pool on this machine with a no-op handler: how fast a burst of jobs drains, and how long a
/// single job waits from its enqueueing commit to its handler starting (the NOTIFY path) when the pool is idle.
/// Run it against a database of its own: other pools would take its jobs.
public struct JobsBenchmark: Sendable {
    public struct Report: Sendable {
        public var jobs: Int
        public var concurrency: Int
        public var drainSeconds: Double
        public var jobsPerSecond: Double
        public var burstStartLatency: Percentiles
        public var idleStartLatency: Percentiles
    }

    /// Milliseconds at p50 / p95 / p99 / max.
    public struct Percentiles: Sendable, CustomStringConvertible {
        public var p50, p95, p99, max: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func at(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
            p50 = at(0.50)
            p95 = at(0.95)
            p99 = at(0.99)
            max = sorted.last ?? 0
        }

        public var description: String { String(format: "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", p50, p95, p99, max) }
    }

    /// Notes when each job's handler started.
    final class Recorder: JobHandler {
        let kinds: Set<String> = ["bench_noop"]
        let starts = Mutex<[Int64: ContinuousClock.Instant]>([:])
        func run(_ job: ClaimedJob) async -> JobResult {
            let now = ContinuousClock.now
            starts.withLock { $0[job.id] = now }
            return .done
        }
    }

    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func run(jobs: Int, concurrency: Int, idleSamples: Int) async throws -> Report {
        try await database.run("DELETE FROM jobs WHERE kind = 'bench_noop'")
        let recorder = Recorder()
        let pool = WorkerPool(
            database: database, handlers: [recorder],
            configuration: .init(name: "bench", concurrency: concurrency, perBusiness: concurrency, retention: nil),
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: pool)], logger: logger))
        let runner = Task { try await group.run() }
        defer { runner.cancel() }

        // Idle latency first: one job at a time, each committed while the pool waits on NOTIFY.
        var idle: [Double] = []
        try await Task.sleep(for: .milliseconds(300))
        for _ in 0 ..< idleSamples {
            var id: Int64 = 0
            for try await value in try await database.query(
                "INSERT INTO jobs (kind, payload) VALUES ('bench_noop', '{}') RETURNING id"
            ).decode(Int64.self) { id = value }
            let committed = ContinuousClock.now
            while recorder.starts.withLock({ $0[id] }) == nil { try await Task.sleep(for: .microseconds(200)) }
            idle.append(Self.ms(recorder.starts.withLock { $0[id]! } - committed))
        }

        // The burst: N jobs in one transaction, then drain.
        var ids: [Int64] = []
        for try await value in try await database.query(
            "INSERT INTO jobs (kind, payload) SELECT 'bench_noop', '{}' FROM generate_series(1, \(jobs)) RETURNING id", timeout: .unlimited
        ).decode(Int64.self) {
            ids.append(value)
        }
        let committed = ContinuousClock.now
        while try await database.count("SELECT count(*)::int FROM jobs WHERE kind = 'bench_noop' AND state <> 'succeeded'") > 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        let drained = ContinuousClock.now
        let starts = recorder.starts.withLock { s in ids.compactMap { s[$0] } }
        await group.triggerGracefulShutdown()
        _ = try? await runner.value
        try await database.run("DELETE FROM jobs WHERE kind = 'bench_noop'")

        let seconds = Self.ms(drained - committed) / 1000
        return Report(
            jobs: jobs, concurrency: concurrency, drainSeconds: seconds, jobsPerSecond: Double(jobs) / seconds,
            burstStartLatency: Percentiles(starts.map { Self.ms($0 - committed) }), idleStartLatency: Percentiles(idle))
    }

    static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
}

extension Database {
    /// A statement whose rows do not matter (benchmarks and tools).
    func run(_ sql: String) async throws {
        for try await _ in try await query(PostgresQuery(unsafeSQL: sql), timeout: .unlimited) {}
    }

    func count(_ sql: String) async throws -> Int {
        for try await n in try await query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return n }
        return 0
    }
}
