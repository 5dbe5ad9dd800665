import Foundation
import Hummingbird

/// Where controllers add their routes: each route is added from its contract entry, which records it for the document
/// and checks the query and body against it before the handler runs. Used only while the router is built.
public struct RouteTable {
    let methods: any RouterMethods<AppRequestContext>
    /// The OpenAPI form of the path so far (`/v1/businesses/{businessID}`).
    public let prefix: String
    public let contract: APIContract

    public init(_ methods: any RouterMethods<AppRequestContext>, contract: APIContract, prefix: String = "") {
        self.methods = methods
        self.contract = contract
        self.prefix = prefix
    }

    /// Routes under `path` (OpenAPI form, `businesses/{businessID}`).
    public func group(_ path: String) -> RouteTable {
        RouteTable(methods.group(RouterPath(Self.routerPath(path))), contract: contract, prefix: prefix + "/" + path)
    }

    /// Routes added from now on pass through `middleware`.
    public func adding(middleware: any MiddlewareProtocol<Request, Response, AppRequestContext>) -> RouteTable {
        RouteTable(methods.group().add(middleware: middleware), contract: contract, prefix: prefix)
    }

    /// Registers `operation` and serves it with `handler` once its query and body pass the contract.
    public func add(_ operation: APIOperation, use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator) {
        precondition(operation.path.hasPrefix(prefix + "/"), "\(operation.path) is outside \(prefix)")
        contract.record(operation)
        let relative = String(operation.path.dropFirst(prefix.count + 1))
        let check = RequestCheck(operation: operation, contract: contract)
        let scoped = operation.pathParameterNames.contains("businessID")
        methods.on(RouterPath(Self.routerPath(relative)), method: operation.method) { request, context in
            // Who may call comes from the contract too, and before any check that could tell a stranger about the route.
            switch operation.access {
            case .platformKey: try context.requirePlatform()
            case .businessKey where scoped: _ = try context.businessID()
            default: break
            }
            var request = request
            try await check.apply(to: &request, path: context.parameters)
            return try await handler(request, context)
        }
    }

    /// `businesses/{businessID}` → `businesses/:businessID`.
    static func routerPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}

/// The contract's checks of one request: unknown or ill-typed query parameters are a 400, a body that breaks the
/// schema a 422 naming the field, before any handler code runs (so nothing is written for a bad request).
struct RequestCheck: Sendable {
    let operation: APIOperation
    let contract: APIContract
    /// The declared query parameters, computed once rather than per request.
    let knownQuery: Set<String>

    init(operation: APIOperation, contract: APIContract) {
        self.operation = operation
        self.contract = contract
        self.knownQuery = Set(operation.query.map(\.name))
    }

    func apply(to request: inout Request, path: Parameters) async throws {
        // Retell's routes answer nothing about their shape before the signature is checked (in the handler), and a
        // refusal on the inbound route would drop a live call.
        if operation.access != .retellSignature {
            try checkPath(path)
            try checkQuery(request.uri.queryParameters)
        }
        if let body = operation.body, body.check == .validated {
            try await checkBody(&request, body)
        }
    }

    /// Path values other than ids (which are simply not found when they do not parse) against their schemas.
    func checkPath(_ parameters: Parameters) throws {
        for name in operation.pathParameterNames where !name.hasSuffix("ID") {
            guard let raw = parameters.get(name) else { continue }
            let text = raw.removingPercentEncoding ?? raw
            if let v = operation.schema(forPathParameter: name).violation(of: text, at: name, components: contract.components) {
                throw APIError(.badRequest, .validationFailed, v.message, field: v.field)
            }
        }
    }

    func checkQuery(_ parameters: Parameters) throws {
        if !operation.acceptsUnknownQuery {
            if let unknown = parameters.map({ String($0.key) }).sorted().first(where: { !knownQuery.contains($0) }) {
                throw APIError(
                    .badRequest, .validationFailed, "is not a parameter of this route (known: \(knownQuery.sorted().joined(separator: ", ")))",
                    field: unknown)
            }
        }
        for q in operation.query {
            guard let text = parameters.get(q.name) else {
                if q.required { throw APIError(.badRequest, .validationFailed, "is required", field: q.name) }
                continue
            }
            let value: Any
            switch q.schema.kind {
            case .integer:
                guard let n = Int(text) else { throw APIError(.badRequest, .validationFailed, "must be a whole number", field: q.name) }
                value = NSNumber(value: n)
            case .boolean:
                guard text == "true" || text == "false" else {
                    throw APIError(.badRequest, .validationFailed, "must be true or false", field: q.name)
                }
                value = text == "true"
            default:
                value = text
            }
            if let v = q.schema.violation(of: value, at: q.name, components: contract.components) {
                throw APIError(.badRequest, .validationFailed, v.message, field: v.field)
            }
        }
    }

    func checkBody(_ request: inout Request, _ body: APIOperation.Body) async throws {
        let buffer = try await JSONBody.collect(&request, limit: body.limit)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, .malformedJSON, "the body is not valid JSON")
        }
        if let v = body.schema.violation(of: value, components: contract.components) {
            throw APIError(.unprocessableContent, .validationFailed, v.message, field: v.field)
        }
    }
}
