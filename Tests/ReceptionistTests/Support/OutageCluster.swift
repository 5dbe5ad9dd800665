import Foundation

/// A PostgreSQL cluster of its own that a test may stop and start (through scripts/pg.sh), without touching the shared one.
enum OutageCluster {
    static var directory: String {
        ProcessInfo.processInfo.environment["TEST_OUTAGE_PG_DIR"]
            ?? TestEnvironment.repositoryRoot.appendingPathComponent(".local/pg-test-outage").path
    }
    static var port: Int { Int(ProcessInfo.processInfo.environment["TEST_OUTAGE_PG_PORT"] ?? "") ?? 54331 }
    static var url: String { "postgres://postgres@127.0.0.1:\(port)/outage" }

    static func start() throws { try script(["start", directory, String(port), "outage", "--fast"]) }
    static func stop() throws { try script(["stop", directory]) }

    /// posix_spawn + waitpid rather than `Process`, whose `waitUntilExit` spins a run loop that can stall under Swift concurrency.
    private static func script(_ arguments: [String]) throws {
        let argv = ["/bin/bash", TestEnvironment.repositoryRoot.appendingPathComponent("scripts/pg.sh").path] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Keep the server from inheriting the test runner's output pipes.
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, &cArgs, environ)
        guard spawned == 0 else { throw TestFailure("cannot run pg.sh: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw TestFailure("pg.sh \(arguments.joined(separator: " ")) failed (status \(status))") }
    }
}
