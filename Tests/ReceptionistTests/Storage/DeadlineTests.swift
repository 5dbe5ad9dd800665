import Domain
import Foundation
import Storage
import Support
import Synchronization
import Testing

/// A database operation's time limit holds even when the query itself ignores cancellation.
@Suite struct DeadlineTests {
    @Test func aDeadlineAnswersEvenWhenTheQueryIgnoresCancellation() async throws {
        let db = try await TestDatabase.shared.create()
        defer { Task { await TestDatabase.shared.drop(db.name) } }
        let database = Database(configuration: try DatabaseURL.configuration(from: db.url), logger: TestApp.logger, vault: TestEnvironment.vault)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            let started = ContinuousClock.now
            await #expect(throws: StorageError.self) {
                for try await _ in try await database.query("SELECT pg_sleep(3)", timeout: .after(.milliseconds(200))) {}
            }
            #expect(ContinuousClock.now - started < .seconds(1))
        }
    }
}

/// The shared alarms behind every deadline, and deadlines inside deadlines.
@Suite struct AlarmTests {
    /// A continuation its body never resumes on its own (work that ignores cancellation), resumed at the test's end.
    final class Stuck: Sendable {
        let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)
        func wait() async { await withCheckedContinuation { c in continuation.withLock { $0 = c } } }
        func release() {
            continuation.withLock {
                $0?.resume()
                $0 = nil
            }
        }
    }

    @Test func anAlarmRingsOnceAfterItsInstantAndADisarmedOneNever() async throws {
        let alarms = Alarms(tick: .milliseconds(5))
        let armedAt = ContinuousClock.now
        let (rang, ring) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        alarms.arm(at: armedAt + .milliseconds(60)) { ring.yield(ContinuousClock.now) }
        let disarmed = alarms.arm(at: armedAt + .milliseconds(30)) { ring.yield(armedAt) }
        alarms.disarm(disarmed)
        var iterator = rang.makeAsyncIterator()
        let at = try #require(await iterator.next())
        #expect(at - armedAt >= .milliseconds(60))
        #expect(alarms.armedCount == 0)
        // Nothing else rings: the disarmed one (due 30 ms before the first) would have come first.
        ring.finish()
        #expect(await iterator.next() == nil)
    }

    @Test func aDeadlineAnswersWhileItsWorkIgnoresCancellationAndDisarmsWhenWorkEnds() async throws {
        let alarms = Alarms(tick: .milliseconds(5))
        let stuck = Stuck()
        defer { stuck.release() }
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100), alarms: alarms) { await stuck.wait() }
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(100) && waited < .seconds(2))
        #expect(try await withDeadline(.seconds(30), alarms: alarms) { alarms.armedCount } == 1)
        // Disarmed as soon as the work answered, not left armed for the 30 s.
        #expect(alarms.armedCount == 0)
    }

    @Test func aLaterDeadlineInsideAnEarlierOneArmsNothingAndAnEarlierOneStillHolds() async throws {
        let alarms = Alarms(tick: .milliseconds(5))
        let armed = try await withDeadline(.seconds(30), alarms: alarms) {
            // Inside: the enclosing deadline is known; a later one (a query's 60 s) runs its work as is.
            #expect(EnclosingDeadline.instant != nil)
            return try await withDeadline(.seconds(60), alarms: alarms) { alarms.armedCount }
        }
        #expect(armed == 1, "a later nested deadline armed an alarm of its own")
        #expect(EnclosingDeadline.instant == nil)
        let stuck = Stuck()
        defer { stuck.release() }
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.seconds(30), alarms: alarms) {
                try await withDeadline(.milliseconds(100), alarms: alarms) { await stuck.wait() }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
