import Domain
import Foundation
import PostgresNIO
import Testing

@testable import Storage

/// The function calls' audit rows written in groups: every caller's row is there with its own fields, rows of calls
/// answered together share statements (fewer transactions than rows), a business deleted meanwhile gets none, and no
/// caller waits past its own deadline: not behind a slow write ahead of it, nor for its group's longer-lived rows.
@Suite struct ToolCallWriterTests {
    @Test func concurrentCallsShareInsertsAndEveryRowArrives() async throws {
        try await BookingFixture.run { f in
            let writer = ToolCallWriter(store: ToolCallStore(database: f.database))
            let gone = UUID()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0 ..< 80 {
                    group.addTask {
                        let record = ToolCallStore.Record(
                            businessID: n == 79 ? gone : f.businessID, callID: n % 10 == 0 ? nil : "call_w\(n)", name: "check_availability",
                            arguments: #"{"n":\#(n)}"#, response: #"{"ok":true}"#, ok: n % 3 != 0, errorCode: n % 3 == 0 ? "SLOT_TAKEN" : nil,
                            latencyMs: Double(n) / 4, replayed: n % 7 == 0)
                        try await writer.insert(record, within: .seconds(10))
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await f.database.query(
                """
                SELECT coalesce(call_id, ''), ok, coalesce(error_code, ''), latency_ms, replayed, xmin::text FROM tool_calls
                WHERE business_id = \(f.businessID) ORDER BY latency_ms
                """
            ).collect()
            #expect(rows.count == 79, "every caller's row, none for the business that is gone")
            var transactions = Set<String>()
            for (index, row) in rows.enumerated() {
                let (call, ok, code, latency, replayed, xmin) = try row.decode((String, Bool, String, Double, Bool, String).self)
                #expect(call == (index % 10 == 0 ? "" : "call_w\(index)"))
                #expect(ok == (index % 3 != 0) && code == (index % 3 == 0 ? "SLOT_TAKEN" : ""))
                #expect(latency == Double(index) / 4 && replayed == (index % 7 == 0))
                transactions.insert(xmin)
            }
            #expect(transactions.count < 79, "rows answered together went in shared statements (\(transactions.count) for 79)")
            let sealed = try await f.database.query("SELECT count(*) FROM tool_calls WHERE business_id = \(f.businessID) AND sealed IS NOT NULL")
                .collect().first?.decode(Int.self)
            #expect(sealed == 79)
        }
    }

    static func record(_ businessID: UUID, _ call: String) -> ToolCallStore.Record {
        ToolCallStore.Record(
            businessID: businessID, callID: call, name: "check_availability", arguments: "{}", response: #"{"ok":true}"#, ok: true,
            errorCode: nil, latencyMs: 1, replayed: false)
    }

    /// Waits (bounded) until some statement of this database waits for a lock.
    /// (Read through the pool: inside a transaction `pg_stat_activity` is one snapshot.)
    static func untilBlocked(_ database: Database) async throws -> Bool {
        try await WorkerProcessTests.until(.seconds(20)) {
            var waiting = 0
            for try await n in try await database.query(
                "SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).decode(Int.self) { waiting = n }
            return waiting > 0
        }
    }

    /// A row queued behind a write that hangs (its business row locked by another transaction) stops waiting at its own
    /// deadline, and is still written in the background once the database moves again.
    @Test func aQueuedCallerStopsAtItsOwnDeadline() async throws {
        try await BookingFixture.run { f in
            let writer = ToolCallWriter(store: ToolCallStore(database: f.database)), business = f.businessID
            let leader = try await f.database.transaction(timeout: .after(.seconds(60))) { session in
                _ = try await session.query("SELECT 1 FROM businesses WHERE id = \(business) FOR UPDATE").collect()
                let leader = Task { try await writer.insert(Self.record(business, "call_lead"), within: .seconds(30)) }
                #expect(try await Self.untilBlocked(f.database), "the leading write waits for the business row")
                let started = ContinuousClock.now
                do {
                    try await writer.insert(Self.record(business, "call_queued"), within: .milliseconds(300))
                    Issue.record("the queued row cannot be written while the business row is locked")
                } catch let stopped as ToolCallWriter.StoppedWaiting {
                    #expect(stopped.queued)
                }
                #expect(ContinuousClock.now - started < .seconds(5), "bounded by its own deadline, not by the write ahead of it")
                return leader
            }
            try await leader.value
            #expect(
                try await WorkerProcessTests.until(.seconds(20)) {
                    try await f.count("SELECT count(*)::int FROM tool_calls WHERE call_id IN ('call_lead', 'call_queued')") == 2
                }, "the row whose caller stopped waiting is written in the background")
        }
    }

    /// A group's statement lives as long as its longest-waiting caller: a member whose deadline passes mid-write stops
    /// waiting, while the others' rows (and its own) are still written.
    @Test func aShortDeadlineInAGroupDoesNotFailTheOthers() async throws {
        try await BookingFixture.run { f in
            let writer = ToolCallWriter(store: ToolCallStore(database: f.database)), first = f.businessID
            let (second, _) = try await BusinessStore(database: f.database).create(
                NewBusiness(
                    slug: try Slug("second"), name: "Second", kind: .restaurant, timezone: try TimeZoneName("America/New_York"), phone: nil,
                    transferPhone: nil, email: nil, policy: f.rules.policy),
                hours: try WeeklyHours([.monday: [try OpeningInterval(opens: "12:00", closes: "23:00", field: "h")]]), firstKey: APIKey.generate(),
                keyName: "test")
            let secondID = second.id
            let patient = try await f.database.transaction(timeout: .after(.seconds(60))) { outer in
                _ = try await outer.query("SELECT 1 FROM businesses WHERE id = \(secondID) FOR UPDATE").collect()
                let (leader, patient, hasty) = try await f.database.transaction(timeout: .after(.seconds(60))) { inner in
                    _ = try await inner.query("SELECT 1 FROM businesses WHERE id = \(first) FOR UPDATE").collect()
                    let leader = Task { try await writer.insert(Self.record(first, "call_lead"), within: .seconds(30)) }
                    #expect(try await Self.untilBlocked(f.database))
                    let patient = Task { try await writer.insert(Self.record(secondID, "call_patient"), within: .seconds(30)) }
                    let hasty = Task { try await writer.insert(Self.record(secondID, "call_hasty"), within: .seconds(3)) }
                    #expect(try await WorkerProcessTests.until(.seconds(20)) { writer.state.withLock { $0.waiting.count } == 2 })
                    return (leader, patient, hasty)
                }
                // The first business is free: the leader's row goes, then the group of two waits for the second's.
                try await leader.value
                do {
                    try await hasty.value
                    Issue.record("the second business's row is locked: the hasty caller cannot have its row yet")
                } catch let stopped as ToolCallWriter.StoppedWaiting {
                    #expect(!stopped.queued, "it stopped while its group was being written")
                }
                // Held past the hasty caller's deadline: a group bounded by its tightest member would fail here.
                try await Task.sleep(for: .milliseconds(500))
                return patient
            }
            try await patient.value
            #expect(
                try await f.count("SELECT count(*)::int FROM tool_calls WHERE call_id IN ('call_lead', 'call_patient', 'call_hasty')") == 3,
                "the group's statement went on and wrote every row")
        }
    }
}
