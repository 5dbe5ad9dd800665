import Foundation
import Logging
import PostgresNIO
import Storage

/// Real PostgreSQL for every test: migrations run once into a template, and each test gets its own clone.
actor TestDatabase {
    static let shared = TestDatabase()

    private var template: Task<String, any Error>?
    let logger = Logger(label: "test-db")

    /// A fresh, migrated database; returns its URL. Dropped by `drop(_:)`.
    func create() async throws -> (name: String, url: String) {
        let templateName = try await templateDatabase()
        let name = "rt_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await createDatabase(name, template: templateName)
        return (name, Self.url(for: name))
    }

    /// An empty database (no migrations), for the migration tests.
    func createEmpty() async throws -> (name: String, url: String) {
        let name = "rt_empty_" + UUID().uuidString.prefix(8).lowercased()
        _ = try await admin { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: self.logger) }
        return (name, Self.url(for: name))
    }

    func drop(_ name: String) async {
        _ = try? await admin { try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: self.logger) }
    }

    static func url(for database: String) -> String {
        var components = URLComponents(string: TestEnvironment.adminDatabaseURL)!
        components.path = "/" + database
        return components.string!
    }

    private func templateDatabase() async throws -> String {
        if let template { return try await template.value }
        let task = Task { try await self.buildTemplate() }
        template = task
        return try await task.value
    }

    private func buildTemplate() async throws -> String {
        let name = "rt_template"
        try await admin { connection in
            try await connection.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: self.logger)
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: self.logger)
        }
        let database = Database(configuration: try DatabaseURL.configuration(from: Self.url(for: name)), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            try await Migrator(database: database, migrations: try Migration.load(from: TestEnvironment.migrationsDirectory)).migrate()
            group.cancelAll()
        }
        // No session may stay on a template while it is cloned.
        _ = try await admin { connection in
            try await connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(name) AND pid <> pg_backend_pid()",
                logger: self.logger)
        }
        return name
    }

    private func createDatabase(_ name: String, template: String) async throws {
        var attempt = 0
        while true {
            do {
                _ = try await admin {
                    try await $0.query("CREATE DATABASE \(unescaped: name) TEMPLATE \(unescaped: template)", logger: self.logger)
                }
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == PostgresError.Code.objectInUse.raw && attempt < 50 {
                // The template's last session is still closing; this is bounded and only happens right after migration.
                attempt += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    private func admin<R: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> R) async throws -> R {
        let config = try DatabaseURL.configuration(from: TestEnvironment.adminDatabaseURL)
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: config.host ?? "127.0.0.1", port: config.port ?? 5432, username: config.username,
                password: config.password, database: config.database, tls: .disable),
            id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
