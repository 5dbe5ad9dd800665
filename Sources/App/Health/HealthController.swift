import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Liveness (`/health`, no I/O) and readiness (`/health/db`, a database round trip answered within 2 s).
struct HealthController: Sendable {
    let database: Database
    /// Kept under 2 s so an orchestrator's probe gets an answer, not a hang, while the database is away.
    static let databaseBudget: Duration = .milliseconds(1500)

    static let liveness = APIOperation(
        .get, "/health", id: "getHealth", tag: "Operations", access: .open, summary: "Liveness: the process answers (no I/O)."
    )
    .answer(
        200, "Alive.",
        .object(
            nil,
            [
                "status": .string(allowed: ["ok"]), "timestamp": CommonSchemas.instant.described("The server's clock."),
                "uptime_seconds": .number("Seconds since this process started."), "version": .string("The server's version."),
            ], required: ["status", "timestamp", "uptime_seconds", "version"]))
    static let readiness = APIOperation(
        .get, "/health/db", id: "getDatabaseHealth", tag: "Operations", access: .open,
        summary: "Readiness: a database round trip within 1.5 s, with the pool's figures."
    )
    .answer(
        200, "Ready.",
        .object(
            nil,
            [
                "status": .string(allowed: ["ok"]), "timestamp": CommonSchemas.instant.described("The server's clock."),
                "uptime_seconds": .number("Seconds since this process started."), "version": .string("The server's version."),
                "database": .object(
                    nil,
                    [
                        "latency_ms": .number(),
                        "pool": .object(nil, ["in_use": .integer(), "max": .integer()], required: ["in_use", "max"]),
                    ], required: ["latency_ms", "pool"]),
            ], required: ["status", "timestamp", "uptime_seconds", "version", "database"]))

    func addRoutes(to routes: RouteTable) {
        _ = Self.started
        routes.add(Self.liveness) { _, _ in Status(database: nil) }
        routes.add(Self.readiness, use: database(_:context:))
    }

    struct Pool: Encodable {
        var inUse: Int
        var max: Int
    }

    struct DatabaseFigures: Encodable {
        var latencyMs: Double
        var pool: Pool
    }

    /// Seed 004's facts (status, timestamp, uptime, version) beside the figures these probes always answered.
    struct Status: ResponseEncodable {
        var status = "ok"
        var timestamp = Date()
        var uptimeSeconds = (Date().timeIntervalSince(HealthController.started) * 10).rounded() / 10
        var version = ServerVersion.current
        var database: DatabaseFigures?
    }

    /// When this process started (read first when the routes are built, at start-up).
    static let started = Date()

    @Sendable func database(_ request: Request, context: AppRequestContext) async throws -> Status {
        let started = ContinuousClock.now
        let db = self.database
        do {
            for try await _ in try await db.query("SELECT 1", timeout: .after(Self.databaseBudget)) {}
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, .databaseUnavailable, "the database is not answering")
        }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return Status(
            database: DatabaseFigures(latencyMs: (ms * 100).rounded() / 100, pool: Pool(inUse: db.connectionsInUse, max: db.maxConnections)))
    }
}
