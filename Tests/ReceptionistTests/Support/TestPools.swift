import App
import Foundation
import ServiceLifecycle
import Storage
import Workers

/// Worker pools run as services for a test: until a condition holds (bounded), then shut down gracefully.
enum TestPools {
    /// Returns whether `done` held before the 30-second bound.
    static func run(_ pools: [WorkerPool], until done: @Sendable () async throws -> Bool) async throws -> Bool {
        let group = ServiceGroup(configuration: .init(services: pools.map { .init(service: $0) }, logger: TestApp.logger))
        let runner = Task { try await group.run() }
        var reached = false
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await done() {
                reached = true
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await group.triggerGracefulShutdown()
        try await runner.value
        return reached
    }

    /// The product's own pool (every handler, providers from `environment`) on a test database.
    static func product(_ database: Database, environment: [String: String] = [:], name: String = "test-pool") throws -> WorkerPool {
        var env = environment
        env["WORKER_LEASE_SECONDS"] = env["WORKER_LEASE_SECONDS"] ?? "3"
        var config = try TestApp.config(databaseURL: "postgres://postgres@127.0.0.1:1/unused", extra: env)
        config.workers.pool.name = name
        return buildWorkerPool(config, database: database, logger: TestApp.logger)
    }
}
