import Domain
import Foundation
import Storage
import Testing

/// Regression tests for problems found in review.
@Suite struct ReviewFixTests {
    @Test func aucklandRepeatedHourIsAmbiguous() {
        // 2026-04-05: New Zealand clocks go back from 03:00 NZDT to 02:00 NZST, so 02:30 happens twice.
        let clock = ZonedClock(TimeZone(identifier: "Pacific/Auckland")!)
        let iso = ISO8601DateFormatter()
        #expect(clock.resolve(LocalDate(year: 2026, month: 4, day: 5)!, minutes: 150)
                == .ambiguous(first: iso.date(from: "2026-04-04T13:30:00Z")!, second: iso.date(from: "2026-04-04T14:30:00Z")!))
        // 2026-09-27: 02:00 NZST jumps to 03:00 NZDT.
        #expect(clock.resolve(LocalDate(year: 2026, month: 9, day: 27)!, minutes: 150) == .skipped)
    }

    @Test func mergingCommutesForEveryValueType() {
        let a: [String: JSONValue] = ["flag": .bool(true), "meta": .object(["x": .number(1)]), "list": .array([.string("a")])]
        let b: [String: JSONValue] = ["flag": .bool(false), "meta": .object(["y": .number(2)]), "list": .array([.string("b")])]
        let ab = CallMerge.merge(CallMerge.merge([:], ranks: [:], incoming: a, rank: 3).merged,
                                 ranks: CallMerge.merge([:], ranks: [:], incoming: a, rank: 3).ranks, incoming: b, rank: 3)
        let ba = CallMerge.merge(CallMerge.merge([:], ranks: [:], incoming: b, rank: 3).merged,
                                 ranks: CallMerge.merge([:], ranks: [:], incoming: b, rank: 3).ranks, incoming: a, rank: 3)
        #expect(ab.merged == ba.merged)
    }

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
