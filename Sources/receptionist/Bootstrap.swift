import App
import ArgumentParser
import Configuration
import Foundation
import Logging
import Storage
import Support
import SystemPackage

/// Shared start-up for every command: configuration (exit 78 on a bad value), logging, and a running pool.
enum Bootstrap {
    /// The environment, and the files of `SECRETS_DIR` when set (a directory a secret manager mounts, one file per setting).
    static func config() async -> AppConfig {
        do {
            let environment = ProcessInfo.processInfo.environment
            var secrets: DirectoryFilesProvider?
            if let directory = environment["SECRETS_DIR"] {
                do { secrets = try await DirectoryFilesProvider(directoryPath: FilePath(directory)) } catch {
                    throw ConfigError("SECRETS_DIR", "must be a readable directory of secret files (one file per setting), not '\(directory)'")
                }
            }
            return try AppConfig.load(environment: environment, secretFiles: secrets)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(78)  // EX_CONFIG
        }
    }

    static func logger(_ config: AppConfig) -> Logger {
        LoggingSetup.bootstrap(format: config.logFormat, level: config.logLevel)
        return Logger(label: "receptionist")
    }

    /// Runs `body` with a connected pool and closes it afterwards (for the one-shot commands).
    /// `direct`: through `DATABASE_DIRECT_URL` when set (migrations), not a pooler.
    static func withDatabase<R: Sendable>(
        _ config: AppConfig, logger: Logger, direct: Bool = false, _ body: @Sendable (Database) async throws -> R
    ) async throws -> R {
        let database = try direct ? config.makeDirectDatabase(logger: logger) : config.makeDatabase(logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await ping(database, config: config)
            return try await body(database)
        }
    }

    /// Refuses to serve or work on a schema that is not the one this binary was built for: migrations run as their own
    /// step (`receptionist migrate`, a Kubernetes Job, a compose one-shot), never as a side effect of a restart.
    static func requireMigrated(_ config: AppConfig, logger: Logger) async throws {
        let migrations: [Migration]
        do { migrations = try Migration.load(from: config.migrationsDirectory) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(78)
        }
        // Only what this binary needs and the database lacks stops it (read without the migration lock): a newer schema (a
        // rolling deploy's new version migrated first, with expand-then-contract migrations) is served by the old version
        // until it is replaced.
        let waiting = try await withDatabase(config, logger: logger) { database in
            try await Migrator(database: database, migrations: migrations).pending()
        }
        guard !waiting.isEmpty else { return }
        let names = waiting.map { "\(String(format: "%04d", $0.version))_\($0.name)" }.joined(separator: ", ")
        FileHandle.standardError.write(
            Data("error: \(waiting.count) migration(s) are not applied to this database (\(names)); run `receptionist migrate` first\n".utf8))
        throw ExitCode(78)  // EX_CONFIG
    }

    /// One clear line instead of a hang or a stack of NIO errors when the database cannot be reached.
    private static func ping(_ database: Database, config: AppConfig) async throws {
        do {
            try await withDeadline(.seconds(5)) {
                for try await _ in try await database.query("SELECT 1") {}
            }
        } catch {
            let url = (try? config.postgresConfiguration()).map { "\($0.host ?? "socket"):\($0.port ?? 5432)/\($0.database ?? "")" } ?? "?"
            FileHandle.standardError.write(Data("error: cannot reach the database at \(url) (DATABASE_URL): \(error)\n".utf8))
            throw ExitCode(69)  // EX_UNAVAILABLE
        }
    }
}
