import App
import ArgumentParser
import Hummingbird

/// `receptionist serve`: the HTTP API until SIGTERM/SIGINT, then a graceful drain.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API.",
        discussion: """
            Listens on HOST:PORT (default 127.0.0.1:8080) and, unless WORKERS=off, runs the outbox worker pool too. \
            On SIGTERM or SIGINT it stops accepting connections, finishes the requests in flight, lets running jobs \
            finish, then closes the database pool.
            """)

    @Flag(name: .customLong("no-workers"), help: "Serve the API only, without the worker pool (the same as WORKERS=off).")
    var noWorkers = false

    func run() async throws {
        var config = await Bootstrap.config()
        if noWorkers { config.workers.inServe = false }
        let logger = Bootstrap.logger(config)
        try await Bootstrap.requireMigrated(config, logger: logger)
        _ = MetricsSetup.registry
        let (app, _) = try buildApplication(config, logger: logger)
        logger.info(
            "starting",
            metadata: [
                "address": "\(config.host):\(config.port)", "mode": "\(config.mode.rawValue)",
                "workers": "\(config.workers.inServe ? "\(config.workers.pool.concurrency)" : "off")",
            ])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        logger.info("stopped: in-flight requests finished and the database pool closed")
    }
}
