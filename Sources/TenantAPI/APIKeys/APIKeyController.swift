import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Issue, list and revoke a business's API keys.
public struct APIKeyController: Sendable {
    let keys: APIKeyStore
    let businesses: BusinessStore

    public init(keys: APIKeyStore, businesses: BusinessStore) {
        self.keys = keys
        self.businesses = businesses
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.listOperation, use: list)
        business.add(Self.createOperation, use: create)
        business.add(Self.revokeOperation, use: revoke)
    }

    struct KeyList: ResponseEncodable { var apiKeys: [APIKeyResponse] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> KeyList {
        let id = try await businesses.requireExisting(context)
        return KeyList(apiKeys: try await keys.list(businessID: id).map { APIKeyResponse($0) })
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<APIKeyResponse> {
        let id = try context.businessID()
        let name = try await JSONBody.decode(CreateAPIKeyRequest.self, from: request).parsedName()
        let key = APIKey.generate()
        do {
            let record = try await keys.create(businessID: id, key: key, name: name, audit: context.audit("api_key.created", business: id))
            return EditedResponse(status: .created, response: APIKeyResponse(record, secret: key.token))
        } catch StorageError.missingReference {
            throw APIError.notFound("business")
        }
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> APIKeyResponse {
        let id = try context.businessID()
        guard let keyID = context.parameters.get("keyID").flatMap(UUID.init(uuidString:)),
            let record = try await keys.revoke(businessID: id, keyID: keyID, audit: context.audit("api_key.revoked", business: id))
        else {
            throw APIError.notFound("API key")
        }
        return APIKeyResponse(record)
    }
}

extension APIKeyResponse: ResponseEncodable {}
