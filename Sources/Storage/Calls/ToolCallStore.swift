import Domain
import Foundation
import PostgresNIO

/// Every function call the agent made (name, arguments and answer, outcome code, latency): the audit the owner's call
/// page shows. Arguments and answer carry the caller's details, so they are stored sealed and the jsonb columns left `{}`.
public struct ToolCallStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Record: Sendable {
        public var businessID: UUID
        public var callID: String?
        public var name: String
        /// The arguments as the agent sent them (JSON) and the answer's bytes.
        public var arguments: String
        public var response: String
        public var ok: Bool
        public var errorCode: String?
        public var latencyMs: Double
        public var replayed: Bool

        public init(
            businessID: UUID, callID: String?, name: String, arguments: String, response: String, ok: Bool, errorCode: String?,
            latencyMs: Double, replayed: Bool
        ) {
            self.businessID = businessID
            self.callID = callID
            self.name = name
            self.arguments = arguments
            self.response = response
            self.ok = ok
            self.errorCode = errorCode
            self.latencyMs = latencyMs
            self.replayed = replayed
        }
    }

    /// Seals the arguments and answer (CPU only: it works while the database is away), then writes the row within
    /// `timeout`. A business deleted meanwhile gets no row (its row is locked while the statement runs, so a deletion
    /// racing the statement never fails the other businesses' rows in its group). Rows of calls answered at the same moment share one
    /// `INSERT` (`ToolCallWriter`); each caller still waits for its own row.
    public func insert(_ record: Record, timeout: Database.Timeout) async throws {
        try await insert([try sealed(record)], timeout: timeout)
    }

    /// A record with its arguments and answer sealed, ready to write.
    public struct Sealed: Sendable {
        let record: Record
        let sealed: ByteBuffer
    }

    /// The sealed JSON object `{"arguments": …, "response": …}`, written by `JSONText` (what `sealJSON`'s encoder
    /// wrote, slashes left unescaped): one per call, and the encoder was a noticeable part of a call's CPU.
    public func sealed(_ record: Record) throws -> Sealed {
        var json: [UInt8] = []
        json.reserveCapacity(record.arguments.utf8.count + record.response.utf8.count + 64)
        JSONText.object(["arguments": record.arguments, "response": record.response], into: &json)
        let sealed = try database.requireVault().seal(json, context: SealingContext.toolCalls(record.businessID))
        return Sealed(record: record, sealed: ByteBuffer(bytes: sealed))
    }

    /// The rows in one statement. Its commit does not wait for the disk (`synchronous_commit` off for this transaction
    /// alone): the callers wait for their rows to be in PostgreSQL, not for the flush, and a crash of PostgreSQL itself
    /// could lose the last fraction of a second of these rows (at most three `wal_writer_delay`s, 0.6 s by default; on a
    /// failover to a standby, those within the replication lag) —
    /// never a booking, its audit row or its outbox jobs, which commit durably in their own transaction first.
    public func insert(_ rows: [Sealed], timeout: Database.Timeout) async throws {
        guard !rows.isEmpty else { return }
        // Arrays have no NULL elements here: "" stands for none (a call id or error code is never empty).
        let businesses = rows.map(\.record.businessID), calls = rows.map { $0.record.callID ?? "" }, names = rows.map(\.record.name)
        let sealed = rows.map(\.sealed), oks = rows.map(\.record.ok), codes = rows.map { $0.record.errorCode ?? "" }
        let latencies = rows.map(\.record.latencyMs), replays = rows.map(\.record.replayed)
        try await database.rows(
            """
            INSERT INTO tool_calls (business_id, call_id, name, arguments, response, sealed, ok, error_code, latency_ms, replayed)
            SELECT r.business_id, nullif(r.call_id, ''), r.name, '{}'::jsonb, '{}'::jsonb, r.sealed, r.ok, nullif(r.error_code, ''),
                   r.latency_ms, r.replayed
            FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only,
                 unnest(\(businesses)::uuid[], \(calls)::text[], \(names)::text[], \(sealed)::bytea[], \(oks)::bool[], \(codes)::text[],
                        \(latencies)::float8[], \(replays)::bool[])
                 AS r(business_id, call_id, name, sealed, ok, error_code, latency_ms, replayed)
            WHERE EXISTS (SELECT 1 FROM businesses b WHERE b.id = r.business_id FOR KEY SHARE)
            """, timeout: timeout)
    }
}
