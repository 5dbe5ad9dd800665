import Domain
import Foundation
import Logging
import PostgresNIO

/// Stored answers for retried mutations, claimed inside the mutation's own transaction (brandur's design):
/// a concurrent duplicate blocks on the key's unique index until the first commits, then reads its answer.
public enum IdempotencySQL {
    public enum Claim: Sendable, Equatable {
        /// The key is ours: do the work and `complete` it before commit. `locked`: whether the business's lock asked for
        /// with the claim was taken (nil when it was not tried: the key was found expired and gone, or none was asked for).
        case claimed(locked: Bool?)
        /// The same request was answered before: send these bytes again.
        case replay(status: Int, body: [UInt8])
        /// The key was used with different arguments.
        case mismatch
    }

    /// Claims the key, or reports the earlier answer; an expired key is taken over as if new. The business's `lock` is
    /// taken by the same statement once the key is ours (a replay needs none).
    public static func claim(
        businessID: UUID, scope: String, key: String, requestHash: [UInt8], lifetimeSeconds: Int, lock: BusinessLock = .none,
        in session: DatabaseSession
    ) async throws -> Claim {
        let taking = lock.taking(businessID)
        let inserted = try await session.rows(
            """
            INSERT INTO idempotency_keys (business_id, scope, key, request_hash, state, expires_at)
            VALUES (\(businessID), \(scope), \(key), \(Data(requestHash)), 'in_progress', now() + make_interval(secs => \(lifetimeSeconds)))
            ON CONFLICT (business_id, scope, key) DO UPDATE SET
                request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL,
                created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
            WHERE idempotency_keys.expires_at < now()
            RETURNING \(taking ?? "NULL::boolean")
            """)
        for row in inserted { return .claimed(locked: taking == nil ? nil : try row.decode(Bool?.self) == true) }
        let rows = try await session.query(
            """
            SELECT request_hash, response_status, response_body FROM idempotency_keys
            WHERE business_id = \(businessID) AND scope = \(scope) AND key = \(key)
            """)
        for try await (hash, status, body) in rows.decode((Data, Int?, Data?).self) {
            guard Array(hash) == requestHash else { return .mismatch }
            guard let status, let body else { return .mismatch }
            // Answers name the caller: they are stored sealed (those stored before sealing replay as they are).
            guard PersonalDataVault.isSealed(body) else { return .replay(status: status, body: Array(body)) }
            return .replay(status: status, body: try session.requireVault().open(body, context: SealingContext.idempotency(scope, key)))
        }
        // Expired and pruned between the two statements: treat as new.
        return .claimed(locked: nil)
    }

    public static func complete(
        businessID: UUID, scope: String, key: String, status: Int, body: [UInt8], in session: DatabaseSession
    ) async throws {
        let stored = try session.vault.map { try $0.seal(body, context: SealingContext.idempotency(scope, key)) } ?? Data(body)
        try await session.rows(
            """
            UPDATE idempotency_keys SET state = 'completed', response_status = \(status), response_body = \(stored), completed_at = now()
            WHERE business_id = \(businessID) AND scope = \(scope) AND key = \(key)
            """)
    }
}
