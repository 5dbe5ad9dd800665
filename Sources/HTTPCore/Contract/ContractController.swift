import Foundation
import Hummingbird

/// `GET /openapi.json` and `GET /docs`: the contract as served, rendered from it on each request (a reference, not a hot path).
public struct ContractController: Sendable {
    let contract: APIContract
    let serverURL: String

    public init(contract: APIContract, serverURL: String) {
        self.contract = contract
        self.serverURL = serverURL
    }

    static let document = APIOperation(
        .get, "/openapi.json", id: "getOpenAPIDocument", tag: "Reference", access: .open,
        summary: "This API's OpenAPI 3.1 document."
    )
    .answer(200, "The document.", .anyObject())
    static let docs = APIOperation(
        .get, "/docs", id: "getReferencePage", tag: "Reference", access: .open,
        summary: "A readable reference of every route, with no outside assets."
    )
    .answer(200, "An HTML page.", .string(), contentType: "text/html")

    public func addRoutes(to routes: RouteTable) {
        routes.add(Self.document) { _, _ in
            let data = try JSONSerialization.data(
                withJSONObject: contract.document(serverURL: serverURL), options: [.sortedKeys, .withoutEscapingSlashes])
            return Self.response(data, type: "application/json")
        }
        routes.add(Self.docs) { _, _ in
            Self.response(Data(DocsPage.render(contract).utf8), type: "text/html; charset=utf-8")
        }
    }

    static func response(_ data: Data, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
