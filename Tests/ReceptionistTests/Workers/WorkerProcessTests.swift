import Domain
import Foundation
import Storage
import Testing

/// The worker pool as real `receptionist work` processes against one database: two racing processes send each
/// message once, and a process killed with SIGKILL mid-send leaves its job to be finished after the lease.
@Suite struct WorkerProcessTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["TEST_RECEPTIONIST_BIN"]
            ?? TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/receptionist").path
    }

    static func worker(_ f: BookingFixture, _ twilio: FakeTwilio, name: String, extra: [String: String] = [:]) throws -> ChildProcess {
        var env = twilio.environment
        env.merge([
            "DATABASE_URL": f.url, "PLATFORM_ADMIN_KEY": TestEnvironment.platformAdminKey, "ENCRYPTION_KEY": TestEnvironment.encryptionKey,
            "RETELL_API_KEYS": TestEnvironment.retellKey, "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path,
            "LOG_FORMAT": "text", "LOG_LEVEL": "info", "WORKER_CONCURRENCY": "4", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]) { _, new in new }
        env.merge(extra) { _, new in new }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(name)-\(UUID().uuidString.prefix(6)).log").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("\(binary) is missing: run the tests through ./scripts/test, which builds it")
        }
        return try ChildProcess(binary, ["work"], environment: env, logFile: log)
    }

    /// Waits (bounded) for a database condition.
    static func until(_ timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func twoWorkerProcessesSendEachMessageOnce() async throws {
        try await BookingFixture.run(capacity: 10, maxParty: 2) { f in
            var codes: Set<String> = []
            for day in 2 ... 4 {
                for slot in 0 ..< 10 {
                    let time = String(format: "%02d:%02d", 12 + slot, slot % 2 == 0 ? 0 : 30)
                    codes.insert(try await NotificationTests.book(f, NotificationTests.day(day), time, party: 1).confirmationCode)
                }
            }
            #expect(codes.count == 30)
            let booked = codes
            try await FakeTwilio.with { twilio in
                let a = try Self.worker(f, twilio, name: "a"), b = try Self.worker(f, twilio, name: "b")
                _ = try await a.waitForOutput("worker pool starting")
                _ = try await b.waitForOutput("worker pool starting")
                let drained = try await Self.until {
                    try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed' AND state = 'succeeded'") == 30
                }
                await a.stop()
                await b.stop()
                #expect(drained)
                let sent = twilio.messages
                #expect(sent.count == 30, "each confirmation sent once")
                let sentCodes = Set(sent.compactMap { m in booked.first { m.body.contains($0) } })
                #expect(sentCodes == booked)
                #expect(a.output.contains("worker pool stopped") && b.output.contains("worker pool stopped"), "SIGTERM drains and exits cleanly")
            }
        }
    }

    @Test func aWorkerKilledMidSendLeavesItsJobToBeFinishedAfterTheLease() async throws {
        try await BookingFixture.run { f in
            _ = try await NotificationTests.book(f, NotificationTests.day(2), "18:00")
            try await FakeTwilio.with { twilio in
                twilio.script(.hang)
                let doomed = try Self.worker(f, twilio, name: "doomed", extra: ["WORKER_LEASE_SECONDS": "2"])
                _ = try await doomed.waitForOutput("worker pool starting")
                #expect(try await Self.until { twilio.requests >= 1 }, "the send is in flight")
                #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed' AND state = 'running'") == 1)
                doomed.signal(SIGKILL)
                await doomed.wait()

                let rescuer = try TestPools.product(
                    f.database, environment: twilio.environment.merging(["WORKER_LEASE_SECONDS": "2"]) { _, new in new })
                let finished = try await TestPools.run([rescuer]) {
                    try await NotificationTests.state(f, kind: "booking_confirmed") == "succeeded"
                }
                #expect(finished)
                #expect(twilio.messages.count == 1)
                #expect(try await f.count("SELECT attempt FROM jobs WHERE kind = 'booking_confirmed'") == 2)
                #expect(
                    try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed' AND errors::text LIKE '%lease expired%'") == 1)
            }
        }
    }

    @Test func sigtermLetsARunningJobFinishAndHandsBackOneThatOutlastsTheGrace() async throws {
        try await BookingFixture.run { f in
            _ = try await NotificationTests.book(f, NotificationTests.day(2), "18:00")
            try await FakeTwilio.with { twilio in
                // A send that takes a second finishes within a 10-second grace.
                twilio.script(.slow(.seconds(1)))
                let patient = try Self.worker(f, twilio, name: "patient", extra: ["WORKER_GRACE_SECONDS": "10"])
                _ = try await patient.waitForOutput("worker pool starting")
                #expect(try await Self.until { twilio.slowStarted == 1 })
                await patient.stop()
                #expect(try await NotificationTests.state(f, kind: "booking_confirmed") == "succeeded")
                #expect(twilio.messages.count == 1)
                #expect(patient.output.contains("worker pool stopped"))

                // A send that never ends is handed back at the end of a 1-second grace, its attempt not spent.
                _ = try await NotificationTests.book(f, NotificationTests.day(2), "19:00", phone: "+12125550111")
                twilio.script(.hang)
                let hurried = try Self.worker(f, twilio, name: "hurried", extra: ["WORKER_GRACE_SECONDS": "1"])
                _ = try await hurried.waitForOutput("worker pool starting")
                #expect(try await Self.until { twilio.requests >= 2 })
                await hurried.stop()
                #expect(hurried.exited)
                #expect(
                    try await f.count(
                        """
                        SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed' AND state = 'available' AND attempt = 0
                          AND last_error = 'released at shutdown'
                        """) == 1)
            }
        }
    }

    @Test func theJobsCommandListsRetriesAndCancels() async throws {
        try await BookingFixture.run { f in
            try await f.database.run(
                """
                INSERT INTO jobs (id, kind, state, attempt, max_attempts, last_error, finished_at)
                OVERRIDING SYSTEM VALUE VALUES (424242, 'booking_confirmed', 'dead', 20, 20, 'Twilio 400 (Twilio error 21211)', now())
                """)
            let run = { (args: [String]) async throws -> ChildProcess in
                let env = [
                    "DATABASE_URL": f.url, "PLATFORM_ADMIN_KEY": TestEnvironment.platformAdminKey, "ENCRYPTION_KEY": TestEnvironment.encryptionKey,
                    "RETELL_API_KEYS": TestEnvironment.retellKey, "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path, "LOG_LEVEL": "error",
                ]
                let log = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString.prefix(6)).log").path
                let process = try ChildProcess(Self.binary, ["jobs"] + args, environment: env, logFile: log)
                await process.wait()
                return process
            }
            let list = try await run(["list", "--state", "dead"])
            #expect(list.output.contains("dead 1"))
            #expect(list.output.contains("424242") && list.output.contains("21211"))
            #expect(try await run(["show", "424242"]).output.contains("job 424242: booking_confirmed, dead, attempt 20/20"))
            #expect(try await run(["retry", "424242"]).output.contains("job 424242 is queued again"))
            #expect(try await run(["retry", "424242"]).output.contains("is not dead"))
            #expect(try await run(["cancel", "424242"]).output.contains("job 424242 is cancelled"))
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE id = 424242 AND state = 'cancelled'") == 1)
        }
    }
}
