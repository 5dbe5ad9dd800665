import Foundation

/// A PostgreSQL cluster of its own that a test may stop and start (through scripts/pg.sh), without touching the shared one.
enum OutageCluster {
    static var directory: String {
        ProcessInfo.processInfo.environment["TEST_OUTAGE_PG_DIR"] ?? TestEnvironment.repositoryRoot.appendingPathComponent(".local/pg-test-outage").path
    }
    static var port: Int { Int(ProcessInfo.processInfo.environment["TEST_OUTAGE_PG_PORT"] ?? "") ?? 54331 }
    static var url: String { "postgres://postgres@127.0.0.1:\(port)/outage" }

    static func start() throws { try script(["start", directory, String(port), "outage", "--fast"]) }
    static func stop() throws { try script(["stop", directory]) }

    private static func script(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/pg.sh").path] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("pg.sh \(arguments.joined(separator: " ")) failed") }
    }
}
