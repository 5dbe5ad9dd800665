import Domain
import Foundation
import Logging
import PostgresNIO

/// The outbox's write side, the one way a job is added: in the transaction of the change that causes it (a booking,
/// a message, a call's outcome), or on its own connection. A job whose dedupe key exists already is skipped (the
/// database enforces it). The run side (claim, lease, retry) is the `Workers` module.
public enum Outbox {
    /// Adds jobs in one statement (one round trip on the caller's transaction).
    public static func enqueue(_ jobs: [NewJob], businessID: UUID?, in session: DatabaseSession) async throws {
        guard !jobs.isEmpty else { return }
        try await session.query("\(insertion(jobs, businessID: businessID))")
    }

    /// The `INSERT` that adds `jobs`, to write them in the statement of other writes (`DatabaseSession.write(together:)`).
    public static func insertion(_ jobs: [NewJob], businessID: UUID?) -> SQLPart {
        let runAt = jobs.map { $0.runAt.map { ISOTimestamp.utc($0, milliseconds: true) } ?? "" }
        return """
            INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
            SELECT \(businessID), k, p::jsonb, coalesce(nullif(r, '')::timestamptz, now()), nullif(d, ''), nullif(o, '')
            FROM unnest(\(jobs.map(\.kind))::text[], \(jobs.map(\.payload))::text[], \(runAt)::text[],
                        \(jobs.map { $0.dedupeKey ?? "" })::text[], \(jobs.map { $0.orderingKey ?? "" })::text[],
                        \(jobs.map { $0.onlyIfAlertChannel ?? "" })::text[]) AS t(k, p, r, d, o, a)
            WHERE a = '' OR a = ANY (SELECT unnest(booking_alerts) FROM businesses WHERE id = \(businessID))
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            """
    }

    public static func enqueue(_ job: NewJob, businessID: UUID?, in session: DatabaseSession) async throws {
        try await enqueue([job], businessID: businessID, in: session)
    }

    /// A job written on its own (not part of a change): e.g. the owner notice of a dead calendar connection.
    public static func enqueue(_ job: NewJob, businessID: UUID?, database: Database) async throws {
        try await database.withConnection { session in
            try await enqueue([job], businessID: businessID, in: session)
        }
    }
}
