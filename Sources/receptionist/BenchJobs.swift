import App
import ArgumentParser
import Foundation
import Storage
import Tools

/// `receptionist bench-jobs`: the worker pool's throughput and start latency with a no-op handler.
struct BenchJobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-jobs",
        abstract: "Benchmark the outbox worker pool (no-op jobs): drain rate and commit-to-start latency.",
        discussion: "Use a database of its own (scripts/bench-jobs does): any other pool on the database would take its jobs.")

    @Option(help: "Jobs in the burst.") var jobs = 20_000
    @Option(help: "Jobs run at once (WORKER_CONCURRENCY).") var concurrency = 16
    @Option(help: "Single jobs timed one at a time on an idle pool.") var idle = 200

    func run() async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        let (jobs, concurrency, idle) = (self.jobs, self.concurrency, self.idle)
        let report = try await Bootstrap.withDatabase(config, logger: logger) { database in
            try await JobsBenchmark(database: database, logger: logger).run(jobs: jobs, concurrency: concurrency, idleSamples: idle)
        }
        print(
            String(
                format: "pool: %d no-op jobs drained in %.2f s = %.0f jobs/s at concurrency %d",
                report.jobs, report.drainSeconds, report.jobsPerSecond, report.concurrency))
        print("burst commit→start: \(report.burstStartLatency)")
        print("idle  commit→start: \(report.idleStartLatency) (\(idle) single jobs, woken by NOTIFY)")
    }
}
