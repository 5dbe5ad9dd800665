import Foundation
import Logging
import PostgresNIO

/// Applies pending migrations in order, each in its own transaction, under an advisory lock so concurrent starts apply once.
public struct Migrator: Sendable {
    /// Arbitrary constant identifying the migration lock among this database's advisory locks.
    static let lockKey: Int64 = 0x5265_6365_7074  // "Recept"

    let database: Database
    let migrations: [Migration]

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// Applies what is pending; returns the migrations applied by this call (empty when up to date).
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await withLock { connection in
            let applied = try await appliedRows(connection)
            try verify(applied)
            var done: [Migration] = []
            for migration in migrations where applied[migration.version] == nil {
                try await apply(migration, on: connection)
                done.append(migration)
            }
            return done
        }
    }

    public func status() async throws -> [MigrationStatus] {
        try await withLock { connection in
            let applied = try await appliedRows(connection)
            var rows = migrations.map { m -> MigrationStatus in
                guard let row = applied[m.version] else {
                    return MigrationStatus(version: m.version, name: m.name, state: .pending, appliedAt: nil)
                }
                return MigrationStatus(
                    version: m.version, name: m.name, state: row.checksum == m.checksum ? .applied : .changed, appliedAt: row.appliedAt)
            }
            for (version, row) in applied where !migrations.contains(where: { $0.version == version }) {
                rows.append(MigrationStatus(version: version, name: row.name, state: .changed, appliedAt: row.appliedAt))
            }
            return rows.sorted { $0.version < $1.version }
        }
    }

    private struct AppliedRow: Sendable {
        let name: String
        let checksum: String
        let appliedAt: Date
    }

    private func withLock<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> R) async throws -> R {
        try await database.withConnection(timeout: .unlimited) { [database] connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: database.logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: database.logger)
                let result = try await body(connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: database.logger)
                return result
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: database.logger)
                throw error
            }
        }
    }

    private func appliedRows(_ connection: PostgresConnection) async throws -> [Int: AppliedRow] {
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations", logger: database.logger)
        var applied: [Int: AppliedRow] = [:]
        for try await (version, name, checksum, at) in rows.decode((Int, String, String, Date).self) {
            applied[version] = AppliedRow(name: name, checksum: checksum, appliedAt: at)
        }
        return applied
    }

    private func verify(_ applied: [Int: AppliedRow]) throws {
        for (version, row) in applied.sorted(by: { $0.key < $1.key }) {
            guard let file = migrations.first(where: { $0.version == version }) else {
                throw MigrationError.unknownApplied(version: version, name: row.name)
            }
            if file.checksum != row.checksum { throw MigrationError.checksumMismatch(version: version, name: file.name) }
        }
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        let logger = database.logger
        try await connection.query("BEGIN", logger: logger)
        do {
            for statement in SQLScript.statements(migration.sql) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """, logger: logger)
            try await connection.query("COMMIT", logger: logger)
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            let message: String
            if let psql = error as? PSQLError, let info = psql.serverInfo {
                message = info[.message] ?? "\(psql.code)"
            } else {
                message = "\(error)"
            }
            throw MigrationError.failed(version: migration.version, name: migration.name, message: message)
        }
    }
}
