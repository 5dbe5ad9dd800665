import App
import ArgumentParser
import ServiceLifecycle
import Storage

/// `receptionist work`: the outbox worker pool alone, for machines that only send (any number may run at once).
struct Work: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the outbox worker pool without the HTTP API.",
        discussion: """
            Claims jobs with FOR UPDATE SKIP LOCKED, so any number of `work` and `serve` processes share one database and \
            each job runs once. WORKER_CONCURRENCY jobs run at a time. On SIGTERM or SIGINT it stops claiming, lets running \
            jobs finish within WORKER_GRACE_SECONDS and hands the rest back to the queue.
            """)

    func run() async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        try await Bootstrap.requireMigrated(config, logger: logger)
        _ = MetricsSetup.registry
        let database = try config.makeDatabase(logger: logger)
        let pool = buildWorkerPool(config, database: database, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: database.client), .init(service: pool)]
        if let port = config.metricsPort {
            services.append(.init(service: buildMetricsApplication(host: config.host, port: port, logger: logger)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("worker pool starting", metadata: ["concurrency": "\(config.workers.pool.concurrency)"])
        try await group.run()
        logger.info("worker pool stopped: running jobs finished or were handed back")
    }
}
