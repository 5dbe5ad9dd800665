import Domain
import Foundation
import Logging
import PostgresNIO

/// Statements on API keys that run inside a caller's transaction, and the row decoding they share.
enum APIKeySQL {
    static let columns = "id, business_id, name, display_prefix, created_at, last_used_at, revoked_at"

    static func insert(businessID: UUID, key: APIKey, name: String, in session: DatabaseSession) async throws -> APIKeyRecord {
        let rows = try await session.query(
            """
            INSERT INTO api_keys (business_id, public_id, secret_hash, display_prefix, name)
            VALUES (\(businessID), \(key.publicID), \(Data(key.hash)), \(key.displayPrefix), \(name))
            RETURNING \(unescaped: columns)
            """)
        for try await row in rows { return try decode(row) }
        throw StorageError.server(sqlState: "client", message: "INSERT … RETURNING returned no row")
    }

    static func decode(_ row: PostgresRow) throws -> APIKeyRecord {
        let c = row.makeRandomAccess()
        return APIKeyRecord(
            id: try c["id"].decode(UUID.self),
            businessID: try c["business_id"].decode(UUID.self),
            name: try c["name"].decode(String.self),
            displayPrefix: try c["display_prefix"].decode(String.self),
            createdAt: try c["created_at"].decode(Date.self),
            lastUsedAt: try c["last_used_at"].decode(Date?.self),
            revokedAt: try c["revoked_at"].decode(Date?.self))
    }
}
