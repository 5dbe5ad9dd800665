import App
import ArgumentParser
import Domain
import Foundation
import Storage

/// `receptionist migrate`: apply pending migrations, or list them with `--status`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations from migrations/.",
        discussion: """
            Each NNNN_name.sql file runs once, in order, in its own transaction, under an advisory lock so that \
            concurrent runs apply it once. An applied file that was edited afterwards stops the run.
            """)

    @Flag(help: "List every migration and whether it is applied, pending or changed; apply nothing.")
    var status = false

    func run() async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        let migrations: [Migration]
        do {
            migrations = try Migration.load(from: config.migrationsDirectory)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let showStatus = status
        try await Bootstrap.withDatabase(config, logger: logger, direct: true) { database in
            let migrator = Migrator(database: database, migrations: migrations)
            if showStatus {
                for row in try await migrator.status() {
                    let when = row.appliedAt.map { " \($0.formatted(.iso8601))" } ?? ""
                    let state = row.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    print("\(String(format: "%04d", row.version)) \(state) \(row.name)\(when)")
                }
                return
            }
            do {
                let applied = try await migrator.migrate()
                print(
                    applied.isEmpty
                        ? "migrations: up to date (\(migrations.count) applied)"
                        : "migrations: applied \(applied.map { "\($0.version)_\($0.name)" }.joined(separator: ", "))")
                // Personal data still readable (from before sealing, or under a retired key) is sealed now.
                let vault = try database.requireVault()
                let sealed = try await PersonalDataBackfill(database: database, vault: vault).run()
                let changed = sealed.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                print(
                    changed.isEmpty
                        ? "personal data: all sealed under key \(vault.currentKeyID)"
                        : "personal data: sealed " + changed.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            } catch let error as MigrationError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            } catch let error as PersonalDataVault.Failure {
                // A setting to correct (the key), hence EX_CONFIG like every other bad setting.
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(78)
            }
        }
    }
}
