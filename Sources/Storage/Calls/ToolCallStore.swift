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
    /// `timeout`. A business deleted meanwhile gets no row. The row's commit does not wait for the disk
    /// (`synchronous_commit` off for this transaction alone): the caller waits for the row to be in PostgreSQL, not for
    /// its flush, and a crash of PostgreSQL itself could lose the last fraction of a second of these rows (at most
    /// three `wal_writer_delay`s, 0.6 s by default) — never a booking, its audit row or its outbox jobs, which commit
    /// durably in their own transaction before this row is written.
    public func insert(_ record: Record, timeout: Database.Timeout) async throws {
        let sealed = try database.requireVault().sealJSON(
            ["arguments": record.arguments, "response": record.response],
            context: SealingContext.toolCalls(record.businessID))
        for try await _ in try await database.query(
            """
            INSERT INTO tool_calls (business_id, call_id, name, arguments, response, sealed, ok, error_code, latency_ms, replayed)
            SELECT \(record.businessID), \(record.callID), \(record.name), '{}'::jsonb, '{}'::jsonb, \(sealed), \(record.ok), \(record.errorCode),
                   \(record.latencyMs), \(record.replayed)
            FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
            WHERE EXISTS (SELECT 1 FROM businesses WHERE id = \(record.businessID))
            """, timeout: timeout)
        {}
    }
}
