import Crypto
import Domain
import Foundation
import Hummingbird
import Storage

/// Resolves `Authorization: Bearer …` to a principal: the platform admin key, or a live business key.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let apiKeys: APIKeyStore
    let adminKeyDigest: [UInt8]

    public init(apiKeys: APIKeyStore, platformAdminKey: String) {
        self.apiKeys = apiKeys
        self.adminKeyDigest = Array(SHA256.hash(data: Data(platformAdminKey.utf8)))
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = try await authenticate(request.headers[.authorization])
        return try await next(request, context)
    }

    func authenticate(_ header: String?) async throws -> Principal {
        guard let header, header.count < 512 else { throw APIError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthenticated }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        // Digests have equal length whatever was sent, so the comparison leaks neither length nor content.
        if ConstantTime.equals(Array(SHA256.hash(data: Data(token.utf8))), adminKeyDigest) { return .platform }
        guard let key = APIKey(token: token), let found = try await apiKeys.authenticate(key) else {
            throw APIError.unauthenticated
        }
        return .business(id: found.businessID, keyID: found.keyID)
    }
}

extension AppRequestContext {
    /// Only the platform operator may pass; a business key gets 403.
    public func requirePlatform() throws {
        guard principal == .platform else {
            throw APIError(.forbidden, .forbidden, "this action needs the platform admin key")
        }
    }

    /// The platform or that business's own key may pass; another business's key gets the same 404 as a missing business.
    public func requireAccess(to businessID: UUID) throws {
        switch principal {
        case .platform: return
        case .business(let id, _) where id == businessID: return
        default: throw APIError.notFound("business")
        }
    }

    /// The `{id}` path parameter as a business id the caller may act on (404 for a malformed id too).
    public func businessID() throws -> UUID {
        guard let text = parameters.get("businessID"), let id = UUID(uuidString: text) else {
            throw APIError.notFound("business")
        }
        try requireAccess(to: id)
        return id
    }
}
