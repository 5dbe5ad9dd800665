import Crypto
import Domain
import Foundation

/// Paths and settings the test run gets from `scripts/test`.
enum TestEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var migrationsDirectory: URL { repositoryRoot.appendingPathComponent("migrations") }

    /// The admin URL of the test cluster (its `postgres` database); set by `scripts/test`.
    static var adminDatabaseURL: String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            fatalError("TEST_DATABASE_URL is not set: run the tests through ./scripts/test, which starts their PostgreSQL")
        }
        return url
    }

    static let retellKey = "key_test_retell_0123456789"
    static let platformAdminKey = "pk_test_platform_admin_key_0123456789"
    /// A fixed test encryption key (32 bytes, base64).
    static let encryptionKey = Data((0 ..< 32).map { UInt8($0) }).base64EncodedString()
    /// The vault the application builds from that key: tests open what it sealed with this.
    static let key = SymmetricKey(data: Data(base64Encoded: encryptionKey)!)
    static let vault = PersonalDataVault(current: key)
    /// How long one database operation may wait in tests: a hundred tests share two loaded cores, so the product's
    /// 5 s (an outage answer for a live call) would fail tests that only queued; `TestApp` sets the same.
    static let databaseTimeout: Duration = .seconds(20)
}
