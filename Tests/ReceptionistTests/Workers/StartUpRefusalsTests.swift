import Foundation
import Testing

/// What an operator meets at start-up: `serve` and `work` refuse a database that lacks a migration they need (saying
/// which, exit 78), and `migrate` with a key that does not open the stored data says which key it needs.
@Suite struct StartUpRefusalsTests {
    static func environment(_ f: BookingFixture, migrations: String, key: String = TestEnvironment.encryptionKey) -> [String: String] {
        [
            "DATABASE_URL": f.url, "PLATFORM_ADMIN_KEY": TestEnvironment.platformAdminKey, "ENCRYPTION_KEY": key,
            "RETELL_API_KEYS": TestEnvironment.retellKey, "MIGRATIONS_DIR": migrations, "LOG_FORMAT": "text", "PORT": "0",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]
    }

    static func run(_ arguments: [String], _ environment: [String: String]) async throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("startup-\(UUID().uuidString.prefix(6)).log").path
        let process = try ChildProcess(WorkerProcessTests.binary, arguments, environment: environment, logFile: log)
        await process.wait(timeout: .seconds(60))
        return (process.exitStatus ?? -1, process.output)
    }

    @Test func aPendingMigrationStopsServeAndWork() async throws {
        try await BookingFixture.run { f in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString.prefix(6))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            for file in try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.migrationsDirectory.path) where file.hasSuffix(".sql") {
                try FileManager.default.copyItem(
                    at: TestEnvironment.migrationsDirectory.appendingPathComponent(file), to: directory.appendingPathComponent(file))
            }
            try Data("SELECT 1;\n".utf8).write(to: directory.appendingPathComponent("0999_next_release.sql"))
            for command in ["serve", "work"] {
                let (status, output) = try await Self.run([command], Self.environment(f, migrations: directory.path))
                #expect(status == 78, "\(command): \(output)")
                #expect(output.contains("0999_next_release") && output.contains("run `receptionist migrate` first"), "\(output)")
                #expect(!output.contains("worker pool starting") && !output.contains("starting"), "nothing started: \(output)")
            }
        }
    }

    /// `work` serves no API, so its figures come from its own listener: the reporter gauge is there once it holds the lease.
    @Test func workServesItsMetrics() async throws {
        try await BookingFixture.run { f in
            let port = Int.random(in: 20_000 ... 40_000)
            var env = Self.environment(f, migrations: TestEnvironment.migrationsDirectory.path)
            env["METRICS_PORT"] = String(port)
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("work-metrics-\(UUID().uuidString.prefix(6)).log").path
            let worker = try ChildProcess(WorkerProcessTests.binary, ["work"], environment: env, logFile: log)
            _ = try await worker.waitForOutput("worker pool starting")
            let reported = try await WorkerProcessTests.until {
                let answer = try? await AddressedHTTP.get("/metrics", port: port, from: "127.0.0.1")
                return answer?.status == 200 && answer?.text.contains("jobs_queue_reporter 1") == true
            }
            await worker.stop()
            #expect(reported, "\(worker.output)")
            #expect(try await f.count("SELECT count(*)::int FROM maintenance_lease") == 0, "a graceful stop hands the lease on")
        }
    }

    @Test func aKeyThatDoesNotOpenTheDataIsNamed() async throws {
        try await BookingFixture.run { f in
            _ = try await NotificationTests.book(f, NotificationTests.day(2), "19:00", party: 2)
            let other = Data((0 ..< 32).map { _ in UInt8.random(in: 0 ... 255) }).base64EncodedString()
            let (status, output) = try await Self.run(
                ["migrate"], Self.environment(f, migrations: TestEnvironment.migrationsDirectory.path, key: other))
            #expect(status == 78, "a setting to correct: \(output)")
            #expect(
                output.contains("is sealed under key") && output.contains("ENCRYPTION_KEYS_PREVIOUS"), "one sentence naming what to set: \(output)")
            #expect(!output.contains("unknownKey("), "not a Swift enum case: \(output)")
        }
    }
}
