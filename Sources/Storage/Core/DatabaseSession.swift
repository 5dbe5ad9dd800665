import Domain
import Logging
import PostgresNIO

/// One leased connection (usually inside a transaction) with what every statement on it needs: the logger and the
/// personal-data vault. Store functions take one of these instead of a connection, a logger and a vault side by side.
public struct DatabaseSession: Sendable {
    public let connection: PostgresConnection
    public let logger: Logger
    /// Seals and opens customers' personal data; absent only for tools that never touch it.
    public let vault: PersonalDataVault?

    public init(connection: PostgresConnection, logger: Logger, vault: PersonalDataVault?) {
        self.connection = connection
        self.logger = logger
        self.vault = vault
    }

    /// Runs one statement on this session's connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.query(query, logger: logger)
    }

    /// Runs a statement whose few rows are wanted at once (a call's own statements): they are collected on the
    /// connection's event loop and handed over in one wake-up, without the async row sequence (its producer, its state
    /// machine, a second hand-over) a streamed query builds. Not for long results: they are held in memory.
    @discardableResult
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).get().rows
    }

    /// The vault, where a sealed value is read or written: a session without one is a wiring mistake.
    public func requireVault() throws -> PersonalDataVault { try vault.required() }
}
