import Domain
import Foundation
import PostgresNIO

/// Issues, lists, revokes and checks business API keys.
public struct APIKeyStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Inserts a key; `StorageError.missingReference` when the business does not exist.
    public func create(businessID: UUID, key: APIKey, name: String, audit: AuditEntry? = nil) async throws -> APIKeyRecord {
        try await database.transaction { session in
            let record = try await APIKeySQL.insert(businessID: businessID, key: key, name: name, in: session)
            try await AuditSQL.record(audit?.about(businessID).adding(["key_id": record.id.uuidString.lowercased()]), in: session)
            return record
        }
    }

    /// Inserts a key unless its public id exists already (the demo's derived key); returns whether it is usable.
    public func ensure(businessID: UUID, key: APIKey, name: String) async throws -> Bool {
        let rows = try await database.query(
            """
            WITH inserted AS (
                INSERT INTO api_keys (business_id, public_id, secret_hash, display_prefix, name)
                VALUES (\(businessID), \(key.publicID), \(Data(key.hash)), \(key.displayPrefix), \(name))
                ON CONFLICT (public_id) DO NOTHING
                RETURNING revoked_at
            )
            SELECT revoked_at IS NULL FROM inserted
            UNION ALL
            SELECT revoked_at IS NULL AND business_id = \(businessID) FROM api_keys WHERE public_id = \(key.publicID)
            LIMIT 1
            """)
        for try await usable in rows.decode(Bool.self) { return usable }
        return false
    }

    public func list(businessID: UUID) async throws -> [APIKeyRecord] {
        let rows = try await database.query(
            "SELECT \(unescaped: APIKeySQL.columns) FROM api_keys WHERE business_id = \(businessID) ORDER BY created_at, id")
        var result: [APIKeyRecord] = []
        for try await row in rows { result.append(try APIKeySQL.decode(row)) }
        return result
    }

    /// Revokes at once (idempotent: a revoked key keeps its first revocation time); nil when no such key of this business.
    public func revoke(businessID: UUID, keyID: UUID, audit: AuditEntry? = nil) async throws -> APIKeyRecord? {
        try await database.transaction { session in
            let rows = try await session.query(
                """
                UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
                WHERE business_id = \(businessID) AND id = \(keyID)
                RETURNING \(unescaped: APIKeySQL.columns)
                """)
            var record: APIKeyRecord?
            for try await row in rows { record = try APIKeySQL.decode(row) }
            if record != nil {
                try await AuditSQL.record(audit?.about(businessID).adding(["key_id": keyID.uuidString.lowercased()]), in: session)
            }
            return record
        }
    }

    /// The business a presented key acts for, or nil when unknown, wrong or revoked; the hash is compared in constant time.
    public func authenticate(_ key: APIKey) async throws -> (businessID: UUID, keyID: UUID)? {
        // One round trip: find by public id and, at most once a minute, record the use.
        let rows = try await database.query(
            """
            WITH found AS (
                SELECT id, business_id, secret_hash, last_used_at FROM api_keys
                WHERE public_id = \(key.publicID) AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_keys SET last_used_at = now()
                FROM found
                WHERE api_keys.id = found.id AND found.secret_hash = \(Data(key.hash))
                  AND (found.last_used_at IS NULL OR found.last_used_at < now() - interval '1 minute')
            )
            SELECT id, business_id, secret_hash FROM found
            """)
        for try await (id, businessID, hash) in rows.decode((UUID, UUID, Data).self) {
            return ConstantTime.equals(Array(hash), key.hash) ? (businessID, id) : nil
        }
        return nil
    }
}
