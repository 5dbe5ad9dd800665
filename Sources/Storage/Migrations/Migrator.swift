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

    /// Applies what is pending; returns the migrations applied by this call (empty when up to date). Each migration runs in
    /// its own transaction under a transaction-scoped advisory lock, re-reading what is applied once it holds it: concurrent
    /// runs apply each file once, and the lock is released by the commit even through PgBouncer in transaction mode (a
    /// session lock could be taken on one server connection and released on another). Waiting for it has a time limit.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        var done: [Migration] = []
        for migration in migrations {
            if try await applyIfPending(migration) { done.append(migration) }
        }
        if migrations.isEmpty { _ = try await locked { session in try verify(try await appliedRows(session)) } }
        return done
    }

    func applyIfPending(_ migration: Migration) async throws -> Bool {
        try await locked { session in
            let applied = try await appliedRows(session)
            try verify(applied)
            guard applied[migration.version] == nil else { return false }
            try await apply(migration, in: session)
            return true
        }
    }

    /// One transaction holding the migration lock (at most `lockWait` to get it), with the bookkeeping table present.
    private func locked<R: Sendable>(_ body: @escaping @Sendable (DatabaseSession) async throws -> R) async throws -> R {
        try await database.withConnection(timeout: .unlimited) { session in
            try await session.query("BEGIN")
            do {
                // Up to 2 minutes for another migrator; then at most 5 s for any lock the DDL needs, so a migration
                // queued behind a long transaction fails (to be run again) rather than stalling every booking behind it.
                try await session.query("SET LOCAL lock_timeout = '120s'")
                try await session.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                try await session.query("SET LOCAL lock_timeout = '5s'")
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
                try await session.query("COMMIT")
                return result
            } catch {
                _ = try? await session.query("ROLLBACK")
                throw error
            }
        }
    }

    /// What is applied, read without the lock (a server's start-up check must not queue behind a running migration).
    public func pending() async throws -> [Migration] {
        try await database.withConnection { session in
            var exists = false
            for try await found in try await session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").decode(Bool.self) {
                exists = found
            }
            let applied = exists ? try await appliedRows(session) : [:]
            return migrations.filter { applied[$0.version] == nil }
        }
    }

    public func status() async throws -> [MigrationStatus] {
        try await locked { session in
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
        // A version newer than every file here is the next release's (a rollback to this one): kept, not an error.
        let newest = migrations.map(\.version).max() ?? 0
        for (version, row) in applied.sorted(by: { $0.key < $1.key }) where version <= newest {
            guard let file = migrations.first(where: { $0.version == version }) else {
                throw MigrationError.unknownApplied(version: version, name: row.name)
            }
            if file.checksum != row.checksum { throw MigrationError.checksumMismatch(version: version, name: file.name) }
        }
    }

    /// Runs inside `locked`'s transaction: the file and its bookkeeping row commit together or not at all.
    private func apply(_ migration: Migration, in session: DatabaseSession) async throws {
        let logger = database.logger
        do {
            for statement in SQLScript.statements(migration.sql) {
                try await session.query(PostgresQuery(unsafeSQL: statement))
            }
            try await session.query(
                """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """)
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        } catch {
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
