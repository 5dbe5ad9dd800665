import Domain
import Foundation
import PostgresNIO

/// OAuth states in flight: the PKCE verifier sealed, a short expiry, and single use enforced by one UPDATE.
public struct OAuthStateStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// `returnTo` is the console page the browser goes back to after consent (nil: the plain result page).
    public func create(id: UUID, businessID: UUID, verifier: SecretBox.Sealed, expires: Date, returnTo: String? = nil) async throws {
        _ = try await database.query(
            """
            INSERT INTO oauth_states (id, business_id, code_verifier_sealed, key_id, expires_at, return_to)
            VALUES (\(id), \(businessID), \(Data(verifier.combined)), \(verifier.keyID), \(expires), \(returnTo))
            """
        ).collect()
        // Old states are of no use to anyone: drop them as new ones arrive.
        _ = try await database.query("DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'").collect()
    }

    public enum Consumed: Sendable, Equatable {
        case ok(verifier: SecretBox.Sealed, returnTo: String?)
        case unknown, reused, expired, otherBusiness
    }

    /// Takes the state once: the first caller gets the verifier, any later one `reused`.
    public func consume(id: UUID, businessID: UUID) async throws -> Consumed {
        let rows = try await database.query(
            """
            WITH prior AS (SELECT business_id, used_at, expires_at FROM oauth_states WHERE id = \(id)),
            taken AS (
                UPDATE oauth_states SET used_at = now()
                WHERE id = \(id) AND used_at IS NULL AND expires_at > now() AND business_id = \(businessID)
                RETURNING code_verifier_sealed, key_id, return_to
            )
            SELECT p.business_id, p.used_at IS NOT NULL, p.expires_at <= now(), t.code_verifier_sealed, t.key_id, t.return_to
            FROM prior p LEFT JOIN taken t ON true
            """)
        for try await (business, used, expired, sealed, keyID, returnTo) in rows.decode((UUID, Bool, Bool, Data?, String?, String?).self) {
            if let sealed, let keyID { return .ok(verifier: SecretBox.Sealed(keyID: keyID, combined: Array(sealed)), returnTo: returnTo) }
            if business != businessID { return .otherBusiness }
            if used { return .reused }
            if expired { return .expired }
            return .reused
        }
        return .unknown
    }
}
