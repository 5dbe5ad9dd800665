import Foundation

/// Debian's PgBouncer (1.18) in transaction mode in front of the test cluster, for the test that proves the product's
/// statements work through it. As root it runs as the `postgres` user (PgBouncer refuses root), like the cluster.
final class PgBouncer: Sendable {
    static var binary: String? { ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    let port: Int
    let directory: URL
    let process: ChildProcess

    init(databasePort: Int) async throws {
        guard let binary = Self.binary else { throw TestFailure("pgbouncer is missing: ./scripts/test installs it (apt-get install pgbouncer)") }
        port = Int.random(in: 41_000 ... 49_000)
        directory = URL(fileURLWithPath: "/var/tmp/pgbouncer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try Data("\"postgres\" \"\"\n".utf8).write(to: directory.appendingPathComponent("users.txt"))
        let config = """
            [databases]
            * = host=127.0.0.1 port=\(databasePort)
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(directory.path)/users.txt
            pool_mode = transaction
            max_client_conn = 500
            default_pool_size = 10
            ignore_startup_parameters = extra_float_digits,application_name
            logfile = \(directory.path)/pgbouncer.log
            pidfile = \(directory.path)/pgbouncer.pid

            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("pgbouncer.ini"))
        let asRoot = getuid() == 0
        let executable = asRoot ? "/usr/sbin/runuser" : binary
        let arguments = (asRoot ? ["-u", "postgres", "--", binary] : []) + [directory.appendingPathComponent("pgbouncer.ini").path]
        process = try ChildProcess(executable, arguments, logFile: directory.appendingPathComponent("stdout.log").path)
        // Ready once it accepts connections.
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if (try? AddressedHTTP.canConnect(port: port)) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("pgbouncer did not start: \(process.output)")
    }

    /// The log, for a failing test's message.
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("pgbouncer.log"), encoding: .utf8)) ?? "" }

    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
