import Domain
import Foundation
import HTTPCore
import Hummingbird
import RetellFunctions
import Storage

/// `GET /v1/businesses/{id}/retell/tools`: the tool definitions and prompt facts to paste into the Retell agent,
/// generated from the same catalog the server validates with, so the two cannot drift.
public struct ToolsController: Sendable {
    let database: Database
    let publicBaseURL: String

    public init(database: Database, publicBaseURL: String) {
        self.database = database
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.toolsOperation, use: tools)
    }

    @Sendable func tools(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.businessID()
        guard let loaded = try await RulesStore(database: database).load(id, from: nil) else { throw APIError.notFound("business") }
        let tools = AgentSetup.customTools(baseURL: publicBaseURL, businessID: id, intake: loaded.rules.policy.intakeQuestions)
        let body: [String: Any] = ["tools": tools, "prompt": AgentSetup.prompt(loaded.business, loaded.rules)]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
