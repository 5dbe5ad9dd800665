import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Liveness (`/health`, no I/O) and readiness (`/health/db`, a database round trip answered within 2 s).
struct HealthController: Sendable {
    let database: Database
    /// Kept under 2 s so an orchestrator's probe gets an answer, not a hang, while the database is away.
    static let databaseBudget: Duration = .milliseconds(1500)

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in Status(status: "ok", database: nil) }
        router.get("health/db", use: database(_:context:))
    }

    struct Pool: Encodable {
        var inUse: Int
        var max: Int
    }

    struct DatabaseFigures: Encodable {
        var latencyMs: Double
        var pool: Pool
    }

    struct Status: ResponseEncodable {
        var status: String
        var database: DatabaseFigures?
    }

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
            status: "ok",
            database: DatabaseFigures(latencyMs: (ms * 100).rounded() / 100, pool: Pool(inUse: db.connectionsInUse, max: db.maxConnections)))
    }
}
