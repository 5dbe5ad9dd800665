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
        try await withLock { session in
            let applied = try await appliedRows(session)
            try verify(applied)
            var done: [Migration] = []
            for migration in migrations where applied[migration.version] == nil {
                try await apply(migration, in: session)
                done.append(migration)
            }
            return done
        }
    }

    public func status() async throws -> [MigrationStatus] {
        try await withLock { session in
            let applied = try await appliedRows(session)
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

    private func withLock<R: Sendable>(_ body: @escaping @Sendable (DatabaseSession) async throws -> R) async throws -> R {
        try await database.withConnection(timeout: .unlimited) { session in
            try await session.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                try await session.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
                let result = try await body(session)
                try await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return result
            } catch {
                _ = try? await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    private func appliedRows(_ session: DatabaseSession) async throws -> [Int: AppliedRow] {
        let rows = try await session.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations")
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

    private func apply(_ migration: Migration, in session: DatabaseSession) async throws {
        let logger = database.logger
        try await session.query("BEGIN")
        do {
            for statement in SQLScript.statements(migration.sql) {
                try await session.query(PostgresQuery(unsafeSQL: statement))
            }
            try await session.query(
                """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """)
            try await session.query("COMMIT")
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        } catch {
            _ = try? await session.query("ROLLBACK")
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
