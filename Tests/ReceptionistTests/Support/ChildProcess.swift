import Foundation

/// A process the tests start and stop themselves (a real SMTP server, a `receptionist work` process), through
/// posix_spawn: `Process.waitUntilExit` can stall under Swift concurrency. Its stdin stays open until `stop`, so
/// servers that read stdin to the end stop when the test does; stdout and stderr go to `logFile`.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let logFile: String
    private var stdinWrite: Int32
    private var reaped = false
    /// The exit code once the process ended on its own (nil while running, or when it was killed by a signal).
    private(set) var exitStatus: Int32?

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, logFile: String) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw TestFailure("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [executable] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cEnv = env.map { strdup($0) } + [nil]
        defer { for p in cEnv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArgs, &cEnv)
        close(pipeFDs[0])
        guard spawned == 0 else {
            close(pipeFDs[1])
            throw TestFailure("cannot start \(executable): errno \(spawned)")
        }
        self.pid = pid
        self.logFile = logFile
        self.stdinWrite = pipeFDs[1]
    }

    var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Waits (bounded) until the output contains `text`; the process's own readiness line, not a guessed delay.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if exited { throw TestFailure("process exited before printing '\(text)':\n\(output.suffix(2000))") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no '\(text)' within \(timeout):\n\(output.suffix(2000))")
    }

    /// True once the process has ended (reaps it).
    var exited: Bool {
        if reaped { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            reaped = true
            // A normal exit has no signal in the low 7 bits and its code in the next byte.
            if status & 0x7f == 0 { exitStatus = (status >> 8) & 0xff }
        }
        return reaped
    }

    func signal(_ signal: Int32) { if !reaped { kill(pid, signal) } }

    /// Waits for the process to end on its own (bounded), else kills it.
    func wait(timeout: Duration = .seconds(30)) async {
        let deadline = ContinuousClock.now + timeout
        while !exited, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            reaped = true
        }
    }

    /// Runs a short-lived tool (pg_dump, a Python check) to its end, bounded; its exit code (-1 if it had to be
    /// killed) and everything it printed, errors included.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logFile) }
        let process = try ChildProcess(executable, arguments, logFile: logFile)
        await process.wait(timeout: timeout)
        return (process.exitStatus ?? -1, process.output)
    }

    /// Closes stdin and SIGTERMs, then waits.
    func stop() async {
        if stdinWrite >= 0 {
            close(stdinWrite)
            stdinWrite = -1
        }
        signal(SIGTERM)
        await wait(timeout: .seconds(10))
    }

    deinit {
        if stdinWrite >= 0 { close(stdinWrite) }
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
