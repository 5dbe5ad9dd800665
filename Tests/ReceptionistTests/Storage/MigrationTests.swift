import Foundation
import Logging
import PostgresNIO
import Storage
import Testing

@Suite struct MigrationTests {
    let logger = Logger(label: "migration-test")

    /// Runs `body` with a pool on a new empty database.
    func withEmptyDatabase(_ body: @Sendable (Database, String) async throws -> Void) async throws {
        let db = try await TestDatabase.shared.createEmpty()
        defer { Task { await TestDatabase.shared.drop(db.name) } }
        let database = Database(configuration: try DatabaseURL.configuration(from: db.url), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await body(database, db.url)
        }
    }

    func files() throws -> [Migration] { try Migration.load(from: TestEnvironment.migrationsDirectory) }

    func count(_ database: Database, _ sql: String) async throws -> Int { try await database.count(sql) }

    @Test func appliesFromEmptyThenReRunIsANoOp() async throws {
        try await withEmptyDatabase { database, _ in
            let migrations = try files()
            #expect(!migrations.isEmpty)
            let first = try await Migrator(database: database, migrations: migrations).migrate()
            #expect(first.map(\.version) == migrations.map(\.version))
            let tables = try await count(
                database,
                "SELECT count(*)::int FROM information_schema.tables WHERE table_name IN "
                    + "('businesses','bookings','booking_changes','jobs','api_keys','idempotency_keys','customers')"
            )
            #expect(tables == 7)
            let second = try await Migrator(database: database, migrations: migrations).migrate()
            #expect(second.isEmpty)
            #expect(try await count(database, "SELECT count(*)::int FROM schema_migrations") == migrations.count)
            let status = try await Migrator(database: database, migrations: migrations).status()
            #expect(status.allSatisfy { $0.state == .applied })
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        try await withEmptyDatabase { database, url in
            let migrations = try files()
            // A second process is a second pool: the advisory lock must keep them from applying a file twice.
            let other = Database(configuration: try DatabaseURL.configuration(from: url), logger: logger)
            let results = try await withThrowingTaskGroup(of: [Migration].self) { group in
                group.addTask {
                    await other.client.run()
                    return []
                }
                let a = Task { try await Migrator(database: database, migrations: migrations).migrate() }
                let b = Task { try await Migrator(database: other, migrations: migrations).migrate() }
                let applied = [try await a.value, try await b.value]
                group.cancelAll()
                return applied
            }
            // Each file once, whichever run took it (the lock is per migration and transaction-scoped, so they interleave).
            let versions = results.flatMap { $0.map(\.version) }
            #expect(versions.sorted() == migrations.map(\.version), "every migration applied exactly once across both runs")
            #expect(try await count(database, "SELECT count(*)::int FROM schema_migrations") == migrations.count)
        }
    }

    /// A rollback: the database already has the next release's migration; this release's migrate and start-up check accept
    /// it (an unknown version *older* than the newest file is still an error).
    @Test func aNewerReleasesMigrationIsKeptOnRollback() async throws {
        try await withEmptyDatabase { database, _ in
            let migrations = try files()
            try await Migrator(database: database, migrations: migrations).migrate()
            try await database.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'next_release', 'x')")
            #expect(try await Migrator(database: database, migrations: migrations).migrate().isEmpty)
            #expect(try await Migrator(database: database, migrations: migrations).pending().isEmpty)
        }
    }

    @Test func anEditedAppliedMigrationStopsTheRun() async throws {
        try await withEmptyDatabase { database, _ in
            var migrations = try files()
            try await Migrator(database: database, migrations: migrations).migrate()
            let edited = migrations[0]
            migrations[0] = Migration(version: edited.version, name: edited.name, sql: edited.sql + "\n-- edited\n")
            await #expect(throws: MigrationError.self) { try await Migrator(database: database, migrations: migrations).migrate() }
            let status = try await Migrator(database: database, migrations: migrations).status()
            #expect(status.first?.state == .changed)
        }
    }

    @Test func aFailingMigrationRollsBackWhole() async throws {
        try await withEmptyDatabase { database, _ in
            let migrations = try files()
            let broken = Migration(version: 9999, name: "broken", sql: "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;")
            await #expect(throws: MigrationError.self) { try await Migrator(database: database, migrations: migrations + [broken]).migrate() }
            // The good migrations committed; the broken one left nothing behind.
            #expect(try await count(database, "SELECT count(*)::int FROM schema_migrations") == migrations.count)
            #expect(try await count(database, "SELECT count(*)::int FROM information_schema.tables WHERE table_name = 'half_done'") == 0)
        }
    }

    @Test func bookingChangesAreAppendOnly() async throws {
        try await withEmptyDatabase { database, _ in
            try await Migrator(database: database, migrations: try files()).migrate()
            try await database.query(
                """
                WITH b AS (
                    INSERT INTO businesses (slug, name, kind, timezone, slot_interval_minutes, min_notice_minutes,
                        booking_horizon_days, min_party_size, max_party_size, default_duration_minutes)
                    VALUES ('tt', 'T', 'restaurant', 'UTC', 15, 0, 30, 1, 4, 90) RETURNING id
                ), k AS (
                    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, source)
                    SELECT id, 'ABC', 'CONFIRMED', now(), now() + interval '1 hour', 2, 'phone' FROM b RETURNING id, business_id
                )
                INSERT INTO booking_changes (business_id, booking_id, action, actor_type, after)
                SELECT business_id, id, 'created', 'agent', '{}' FROM k
                """)
            await #expect(throws: StorageError.self) { try await database.query("UPDATE booking_changes SET reason = 'x'") }
            await #expect(throws: StorageError.self) { try await database.query("DELETE FROM booking_changes") }
            #expect(try await count(database, "SELECT count(*)::int FROM booking_changes WHERE reason IS NULL") == 1)
        }
    }
}
