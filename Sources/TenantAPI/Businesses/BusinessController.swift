import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A business as its owner sees it: read and update (creating and listing businesses is the operator's, in PlatformAPI).
public struct BusinessController: Sendable {
    let businesses: BusinessStore
    let hours: HoursStore

    public init(businesses: BusinessStore, hours: HoursStore) {
        self.businesses = businesses
        self.hours = hours
    }

    public func addRoutes(to v1: RouteTable) {
        v1.add(Self.getOperation, use: get)
        v1.add(Self.updateOperation, use: update)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> BusinessResponse {
        let id = try context.businessID()
        guard let business = try await businesses.get(id) else { throw APIError.notFound("business") }
        return BusinessResponse(business, hours: try await hours.weekly(id))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> BusinessResponse {
        let id = try context.businessID()
        let patch = try await JSONBody.decode(UpdateBusinessRequest.self, from: request)
        do {
            guard
                let business = try await businesses.update(
                    id, confirmsRules: patch.policy != nil, audit: context.audit("business.updated", business: id),
                    { business throws in try patch.apply(to: &business) })
            else {
                throw APIError.notFound("business")
            }
            return BusinessResponse(business, hours: try await hours.weekly(id))
        } catch StorageError.duplicate {
            throw APIError(.conflict, .conflict, "slug '\(patch.slug ?? "")' is taken", field: "slug")
        }
    }
}

extension BusinessResponse: ResponseEncodable {}
