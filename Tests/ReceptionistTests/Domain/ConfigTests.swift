@testable import App
import Foundation
import Testing

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
        ("PLATFORM_ADMIN_KEY", "short"), ("MIGRATIONS_DIR", "/nonexistent"), ("FUNCTION_TIMEOUT_MS", "5"), ("DB_OPERATION_TIMEOUT_MS", "0"), ("PUBLIC_BASE_URL", "ftp://x"),
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
}
