import Domain
import Foundation

/// `POST /v1/businesses/{id}/api-keys` (and a new business's first key).
public struct CreateAPIKeyRequest: Decodable, Sendable {
    var name: String?

    public init(name: String?) { self.name = name }

    public func parsedName() throws(ValidationError) -> String {
        let name = (name ?? "default").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1 ... 100).contains(name.unicodeScalars.count) else { throw ValidationError(field: "name", "must be 1–100 characters") }
        return name
    }
}

/// A key as lists show it: never the secret.
public struct APIKeyResponse: Encodable, Sendable {
    var id: String
    var businessId: String
    var name: String
    var prefix: String
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?
    /// Present only in the answer that created the key: the one time the secret is shown.
    var secret: String?

    public init(_ r: APIKeyRecord, secret: String? = nil) {
        id = r.id.apiString
        businessId = r.businessID.apiString
        name = r.name
        prefix = r.displayPrefix
        createdAt = r.createdAt
        lastUsedAt = r.lastUsedAt
        revokedAt = r.revokedAt
        self.secret = secret
    }
}
