import Logging
import PostgresNIO
import Synchronization

/// The one way features reach PostgreSQL: a pooled client that maps errors to `StorageError` and counts leases.
public final class Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let maxConnections: Int
    private let leased = Atomic<Int>(0)

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        var configuration = configuration
        if configuration.options.connectTimeout > .seconds(3) {
            // A request must learn within seconds that the database is gone, not after the default 10 s.
            configuration.options.connectTimeout = .seconds(3)
        }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.maxConnections = configuration.options.maximumConnections
    }

    /// Connections currently leased by this process (for `/health/db` and `/metrics`).
    public var connectionsInUse: Int { leased.load(ordering: .relaxed) }

    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        leased.add(1, ordering: .relaxed)
        defer { leased.subtract(1, ordering: .relaxed) }
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw StorageError.map(error)
        }
    }

    /// Runs `body` in one transaction; a thrown error rolls back and is rethrown as a `StorageError` when it came from Postgres.
    public func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            do {
                return try await connection.withTransaction(logger: logger) { try await body($0) }
            } catch {
                throw StorageError.map(error)
            }
        }
    }

    /// Runs one statement outside an explicit transaction.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await withConnection { try await $0.query(query, logger: logger) }
    }
}
