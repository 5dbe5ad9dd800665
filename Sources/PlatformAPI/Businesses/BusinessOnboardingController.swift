import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage
import TenantAPI

/// Onboarding, the operator's side of businesses: create one with its first API key, and list them all.
public struct BusinessOnboardingController: Sendable {
    let businesses: BusinessStore
    let hours: HoursStore

    public init(businesses: BusinessStore, hours: HoursStore) {
        self.businesses = businesses
        self.hours = hours
    }

    public func addRoutes(to v1: RouteTable) {
        v1.add(Self.createOperation, use: create)
        v1.add(Self.listOperation, use: list)
    }

    struct Created: ResponseEncodable {
        var business: BusinessResponse
        var apiKey: APIKeyResponse
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Created> {
        try context.requirePlatform()
        let body = try await JSONBody.decode(CreateBusinessRequest.self, from: request)
        let (new, weekly) = try body.parse()
        let keyName = try CreateAPIKeyRequest(name: body.apiKeyName).parsedName()
        let key = APIKey.generate()
        do {
            let (business, record) = try await businesses.create(new, hours: weekly, firstKey: key, keyName: keyName)
            context.logger.info("business created", metadata: ["business_id": "\(business.id)", "slug": "\(business.slug)"])
            return EditedResponse(
                status: .created,
                response: Created(business: BusinessResponse(business, hours: weekly), apiKey: APIKeyResponse(record, secret: key.token)))
        } catch StorageError.duplicate {
            throw APIError(.conflict, .conflict, "slug '\(new.slug)' is taken", field: "slug")
        }
    }

    struct Page: ResponseEncodable {
        var businesses: [BusinessResponse]
        var nextCursor: String?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Page {
        try context.requirePlatform()
        let query = request.uri.queryParameters
        let limit =
            try query.get("limit").map { text -> Int in
                guard let n = Int(String(text)), (1 ... 200).contains(n) else {
                    throw APIError(.badRequest, .validationFailed, "must be a whole number from 1 to 200", field: "limit")
                }
                return n
            } ?? 50
        let after = try query.get("cursor").map { text -> UUID in
            guard let id = UUID(uuidString: String(text)) else {
                throw APIError(.badRequest, .validationFailed, "is not a cursor from a previous page", field: "cursor")
            }
            return id
        }
        let page = try await businesses.list(limit: limit + 1, after: after)
        let shown = Array(page.prefix(limit))
        let weekly = try await hours.weekly(shown.map(\.id))
        let items = shown.map { BusinessResponse($0, hours: weekly[$0.id] ?? .closed) }
        return Page(businesses: items, nextCursor: page.count > limit ? page[limit - 1].id.apiString : nil)
    }
}
