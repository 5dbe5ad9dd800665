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

    /// The vault, where a sealed value is read or written: a session without one is a wiring mistake.
    public func requireVault() throws -> PersonalDataVault { try vault.required() }
}
