import Domain
import Logging
import PostgresNIO
import Support
import Synchronization

/// The one way features reach PostgreSQL: a pooled client that maps errors to `StorageError` and counts leases.
public final class Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public let maxConnections: Int
    /// What the pool connects with (a second pool on the same database, e.g. for a second worker in tests).
    public let configuration: PostgresClient.Configuration
    /// How long one operation (waiting for a connection included) may take before it fails as `unavailable`;
    /// without it a request would wait for as long as the database is away.
    public let operationTimeout: Duration
    private let leased = Atomic<Int>(0)
    /// Whether the database's host refused a connection a moment ago (the agent's fast SYSTEM_DOWN).
    public let reachability: DatabaseReachability
    /// Seals and opens customers' personal data; absent only for tools that never touch it (migrations, benchmarks).
    public let vault: PersonalDataVault?

    public init(
        configuration: PostgresClient.Configuration, logger: Logger, operationTimeout: Duration = .seconds(5),
        vault: PersonalDataVault? = nil
    ) {
        self.vault = vault
        var configuration = configuration
        if configuration.options.connectTimeout > .seconds(3) {
            // A request must learn within seconds that the database is gone, not after the default 10 s.
            configuration.options.connectTimeout = .seconds(3)
        }
        // The pool logs every failed reconnect at info; during an outage that floods the log, and our own
        // `database unavailable` warnings already say it once per request.
        var poolLogger = logger
        if poolLogger.logLevel < .warning { poolLogger.logLevel = .warning }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.logger = logger
        self.maxConnections = configuration.options.maximumConnections
        self.configuration = configuration
        self.operationTimeout = operationTimeout
        self.reachability = DatabaseReachability(configuration: configuration)
    }

    /// The vault, for code that reads or writes personal data: a database built without one is a wiring mistake.
    public func requireVault() throws -> PersonalDataVault { try vault.required() }

    /// Connections currently leased by this process (for `/health/db` and `/metrics`).
    public var connectionsInUse: Int { leased.load(ordering: .relaxed) }

    /// How long an operation may wait for the database.
    public enum Timeout: Sendable {
        /// The database's `operationTimeout`.
        case standard
        /// No limit: for migrations and other long administrative work.
        case unlimited
        case after(Duration)
    }

    /// Leases a connection for `body`, failing as `unavailable` when the database does not answer in time.
    public func withConnection<Result: Sendable>(
        timeout: Timeout = .standard,
        _ body: @escaping @Sendable (DatabaseSession) async throws -> Result
    ) async throws -> Result {
        leased.add(1, ordering: .relaxed)
        defer { leased.subtract(1, ordering: .relaxed) }
        return try await bounded(timeout) { [client, logger, vault] in
            try await client.withConnection { connection in
                try await body(DatabaseSession(connection: connection, logger: logger, vault: vault))
            }
        }
    }

    /// Runs `work` within the timeout and maps every failure to `StorageError`.
    private func bounded<Result: Sendable>(
        _ timeout: Timeout, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let limit: Duration? =
            switch timeout {
            case .standard: operationTimeout
            case .unlimited: nil
            case .after(let duration): duration
            }
        do {
            let result: Result
            if let limit { result = try await withDeadline(limit, work) } else { result = try await work() }
            reachability.noteAnswered()
            return result
        } catch is DeadlineExceeded {
            throw StorageError.unavailable(message: "no answer from the database within \(limit.map { "\($0)" } ?? "-")")
        } catch {
            throw StorageError.map(error)
        }
    }

    /// Runs `body` in one transaction; a thrown error rolls back and is rethrown as a `StorageError` when it came from Postgres.
    public func transaction<Result: Sendable>(
        timeout: Timeout = .standard,
        _ body: @escaping @Sendable (DatabaseSession) async throws -> Result
    ) async throws -> Result {
        try await withConnection(timeout: timeout) { session in
            do {
                // BEGIN and COMMIT as `rows` statements: two of the round trips of every mutation a caller waits for.
                try await session.rows("BEGIN")
                let result: Result
                do {
                    result = try await body(session)
                } catch {
                    // A failed rollback (a broken connection) leaves the body's error to report; the pool drops the connection.
                    _ = try? await session.rows("ROLLBACK")
                    throw error
                }
                try await session.rows("COMMIT")
                return result
            } catch {
                throw StorageError.map(error)
            }
        }
    }

    /// One statement outside an explicit transaction, its few rows collected at once (`DatabaseSession.rows`).
    @discardableResult
    public func rows(_ query: PostgresQuery, timeout: Timeout = .standard) async throws -> [PostgresRow] {
        try await withConnection(timeout: timeout) { try await $0.rows(query) }
    }

    /// Runs one statement outside an explicit transaction. The connection returns to the pool once the rows are
    /// consumed, so iterate the result (or discard it) promptly.
    @discardableResult
    public func query(_ query: PostgresQuery, timeout: Timeout = .standard) async throws -> PostgresRowSequence {
        try await bounded(timeout) { [client, logger] in try await client.query(query, logger: logger) }
    }
}

extension Optional where Wrapped == PersonalDataVault {
    /// The vault, where a sealed value is read or written: one without it is a wiring mistake, reported the same everywhere.
    func required() throws -> PersonalDataVault {
        guard let self else { throw StorageError.server(sqlState: "client", message: "this database was built without the personal-data vault") }
        return self
    }
}
