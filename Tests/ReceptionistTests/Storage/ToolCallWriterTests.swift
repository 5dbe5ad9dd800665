import Foundation
import PostgresNIO
import Storage
import Testing

/// The function calls' audit rows written in groups: every caller's row is there with its own fields, rows of calls
/// answered together share statements (fewer transactions than rows), and a business deleted meanwhile gets none.
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
}
