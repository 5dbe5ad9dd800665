import Configuration
import Foundation
import SystemPackage
import Testing

@testable import App

@Suite struct ConfigTests {
    let base = [
        "PLATFORM_ADMIN_KEY": TestEnvironment.platformAdminKey,
        "ENCRYPTION_KEY": TestEnvironment.encryptionKey,
        "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path,
    ]

    func load(_ extra: [String: String]) throws(ConfigError) -> AppConfig {
        try AppConfig.load(environment: base.merging(extra) { _, new in new })
    }

    @Test func defaults() throws {
        let config = try load([:])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.databaseURL == AppConfig.developmentDatabaseURL)
        #expect(config.logFormat == .text)
        #expect(config.dbPoolMax == 10)
    }

    @Test(arguments: [
        ("PORT", "eighty"), ("PORT", "70000"), ("LOG_LEVEL", "loud"), ("LOG_FORMAT", "xml"), ("DB_POOL_MAX", "0"),
        ("ENCRYPTION_KEY", "c2hvcnQ="), ("DATABASE_URL", "mysql://x@y/z"), ("RECEPTIONIST_ENV", "staging"),
        ("PLATFORM_ADMIN_KEY", "short"), ("MIGRATIONS_DIR", "/nonexistent"), ("FUNCTION_TIMEOUT_MS", "5"), ("DB_OPERATION_TIMEOUT_MS", "0"),
        ("PUBLIC_BASE_URL", "ftp://x"),
    ])
    func aWrongValueNamesItsVariable(variable: String, value: String) {
        do {
            _ = try load([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix("configuration error: \(variable) "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func productionRequiresRealSecrets() throws {
        for missing in ["DATABASE_URL", "PLATFORM_ADMIN_KEY", "ENCRYPTION_KEY"] {
            var env = base.merging(["RECEPTIONIST_ENV": "production", "DATABASE_URL": "postgres://u@db/x"]) { _, n in n }
            env[missing] = nil
            #expect(throws: ConfigError.self, "\(missing)") { try AppConfig.load(environment: env) }
        }
    }

    @Test func developmentGeneratesKeysOnceIntoTheDataFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rcp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["DATA_DIR": dir, "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path]
        let first = try AppConfig.load(environment: env)
        let second = try AppConfig.load(environment: env)
        #expect(first.platformAdminKey == second.platformAdminKey)
        #expect(first.encryptionKey == second.encryptionKey)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/encryption.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// Production secrets from files a secret manager mounts (`SECRETS_DIR`), read through swift-configuration; the
    /// environment wins where both say something, and a bad value in a file is refused like one in the environment.
    @Test func secretsComeFromMountedFilesToo() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rcp-secrets-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ value: String) throws { try Data((value + "\n").utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name)")) }
        try write("database-url", "postgres://app@db.internal/receptionist")
        try write("platform-admin-key", TestEnvironment.platformAdminKey)
        try write("encryption-key", TestEnvironment.encryptionKey)
        try write("db-pool-max", "42")
        try write("retell-api-keys", "key_from_file")
        let env = ["RECEPTIONIST_ENV": "production", "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path, "DB_POOL_MAX": "12"]
        let files = try await DirectoryFilesProvider(directoryPath: FilePath(dir))
        let config = try AppConfig.load(environment: env, secretFiles: files)
        #expect(config.databaseURL == "postgres://app@db.internal/receptionist")
        #expect(config.platformAdminKey == TestEnvironment.platformAdminKey)
        #expect(config.dbPoolMax == 12, "the environment wins over a file")
        #expect(config.retellAPIKeys == ["key_from_file"])
        try write("port", "eighty")
        let again = try await DirectoryFilesProvider(directoryPath: FilePath(dir))
        #expect(throws: ConfigError("PORT", "must be a port number from 0 to 65535, not 'eighty'")) {
            try AppConfig.load(environment: env, secretFiles: again)
        }
    }

    /// Metric names as Prometheus allows them: the byte-wise mapping gives what the character-wise one gave.
    @Test func metricNamesAreSanitizedAsBefore() {
        let characterWise = { (name: String) in String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" }) }
        for name in ["http.server.request.duration", "retell_function_answers_total", "hb.requests", "a-b c:d_9", "", "café.é"] {
            #expect(MetricsSetup.sanitize(name) == characterWise(name), "\(name)")
        }
        #expect(MetricsSetup.sanitize("http.route") == "http_route")
    }
}
