import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// `GET`/`PUT /v1/businesses/{id}/retell`: which Retell agents and numbers belong to this business.
public struct RetellSettingsController: Sendable {
    let routes: RetellRoutesStore
    let businesses: BusinessStore

    public init(database: Database) {
        self.routes = RetellRoutesStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.getOperation, use: get)
        business.add(Self.putOperation, use: put)
    }

    struct Settings: Codable, ResponseEncodable {
        var agentIds: [String]
        var phoneNumbers: [String]
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Settings {
        let id = try context.businessID()
        guard try await businesses.exists(id) else { throw APIError.notFound("business") }
        let r = try await routes.get(id)
        return Settings(agentIds: r.agentIDs, phoneNumbers: r.phoneNumbers)
    }

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Settings {
        let id = try context.businessID()
        let body = try await JSONBody.decode(Settings.self, from: request)
        var numbers: [String] = []
        for (index, text) in body.phoneNumbers.enumerated() {
            numbers.append(try PhoneNumber(text, field: "phone_numbers[\(index)]").e164)
        }
        for (index, agent) in body.agentIds.enumerated() where agent.isEmpty || agent.unicodeScalars.count > 200 {
            throw APIError(.unprocessableContent, .validationFailed, "must be 1–200 characters", field: "agent_ids[\(index)]")
        }
        let wanted = RetellRoutesStore.Routes(agentIDs: Array(Set(body.agentIds)).sorted(), phoneNumbers: Array(Set(numbers)).sorted())
        do {
            try await routes.replace(id, with: wanted)
        } catch StorageError.duplicate {
            throw APIError(.conflict, .conflict, "an agent id or number is already registered to another business", field: "agent_ids")
        } catch StorageError.missingReference {
            throw APIError.notFound("business")
        }
        return Settings(agentIds: wanted.agentIDs, phoneNumbers: wanted.phoneNumbers)
    }
}
