import Foundation
import Synchronization

/// The operations the server registered, and the named schemas they refer to: the OpenAPI document is rendered from
/// what the router actually serves, so a route cannot exist without its entry (the drift test checks the router).
public final class APIContract: Sendable {
    struct State {
        var operations: [APIOperation] = []
        var components: [String: Schema] = [:]
    }

    let state = Mutex(State())
    public let title: String
    public let version: String

    public init(title: String = "Receptionist API", version: String = "1.0.0") {
        self.title = title
        self.version = version
        define(CommonSchemas.all)
    }

    public var operations: [APIOperation] { state.withLock { $0.operations } }
    public var components: [String: Schema] { state.withLock { $0.components } }

    /// Records an operation; a second one with the same method and path, or an unknown path parameter, is a programming error.
    func record(_ operation: APIOperation) {
        state.withLock { state in
            precondition(
                !state.operations.contains { $0.method == operation.method && $0.path == operation.path },
                "\(operation.method) \(operation.path) is registered twice")
            precondition(!state.operations.contains { $0.id == operation.id }, "operation id \(operation.id) is used twice")
            state.operations.append(operation)
        }
    }

    /// Named schemas (`Schema.ref(name)` points at them).
    public func define(_ schemas: [String: Schema]) {
        state.withLock { state in
            for (name, schema) in schemas { state.components[name] = schema }
        }
    }

    /// The OpenAPI 3.1 document.
    public func document(serverURL: String) -> [String: Any] {
        let (operations, components) = state.withLock { ($0.operations, $0.components) }
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            paths[op.path, default: [:]][op.method.rawValue.lowercased()] = Self.json(op)
        }
        var schemas: [String: Any] = [:]
        for (name, schema) in components { schemas[name] = schema.json }
        let tags = Array(Set(operations.map(\.tag))).sorted().map { ["name": $0] }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": title, "version": version,
                "description":
                    "The JSON API of the Receptionist backend: business onboarding, the owner's front desk, and the functions and webhooks "
                    + "Retell calls. Errors are always {\"error\": {code, message, field?, request_id}}.",
            ],
            "servers": [["url": serverURL]],
            "tags": tags,
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "businessKey": [
                        "type": "http", "scheme": "bearer", "description": "A business's API key (rk_live_…); it reaches only that business.",
                    ],
                    "platformKey": [
                        "type": "http", "scheme": "bearer",
                        "description": "The platform operator's key (PLATFORM_ADMIN_KEY); it reaches every business.",
                    ],
                    "retellSignature": [
                        "type": "apiKey", "in": "header", "name": "X-Retell-Signature",
                        "description": "v=<ms>,d=<hex HMAC-SHA256 of body+timestamp with the Retell API key>, checked before anything else.",
                    ],
                ],
            ],
        ]
    }

    static func json(_ op: APIOperation) -> [String: Any] {
        var out: [String: Any] = ["operationId": op.id, "summary": op.summary, "tags": [op.tag]]
        switch op.access {
        case .open: out["security"] = [[String: Any]]()
        case .businessKey: out["security"] = [["businessKey": []], ["platformKey": []]]
        case .platformKey: out["security"] = [["platformKey": []]]
        case .retellSignature: out["security"] = [["retellSignature": []]]
        }
        var parameters: [[String: Any]] = op.pathParameterNames.map { name in
            let schema = op.schema(forPathParameter: name)
            var p: [String: Any] = ["name": name, "in": "path", "required": true, "schema": schema.json]
            if let d = schema.description { p["description"] = d }
            return p
        }
        for q in op.query {
            var p: [String: Any] = ["name": q.name, "in": "query", "required": q.required, "schema": q.schema.json]
            if let d = q.schema.description { p["description"] = d }
            parameters.append(p)
        }
        if !parameters.isEmpty { out["parameters"] = parameters }
        if let body = op.body {
            out["requestBody"] = ["required": true, "content": [body.contentType: ["schema": body.schema.json]]]
        }
        var responses: [String: Any] = [:]
        for answer in documentedAnswers(op) where responses[String(answer.status)] == nil {
            var r: [String: Any] = ["description": answer.description]
            if let schema = answer.schema { r["content"] = [answer.contentType: ["schema": schema.json]] }
            responses[String(answer.status)] = r
        }
        out["responses"] = responses
        return out
    }

    /// Every answer the document lists for `op`: its own, then the errors every route of its kind can give. Answering
    /// any other status is a defect (the tests check every answer they receive against this list).
    public static func documentedAnswers(_ op: APIOperation) -> [APIOperation.Answer] {
        op.answers + errors(for: op)
    }

    /// The error answers every route of its kind can give, in the one error shape.
    static func errors(for op: APIOperation) -> [APIOperation.Answer] {
        func error(_ status: Int, _ text: String) -> APIOperation.Answer {
            APIOperation.Answer(status: status, description: text, schema: .ref("Error"), contentType: "application/json")
        }
        var out: [APIOperation.Answer] = []
        // Ids in the path that do not parse are simply not found; other path parameters (a date, a phone) are checked.
        let checkedPath = op.pathParameterNames.contains { !$0.hasSuffix("ID") }
        if !op.query.isEmpty || op.body != nil || checkedPath {
            out.append(error(400, "MALFORMED_JSON, or a query or path parameter that is malformed or out of range (VALIDATION_FAILED naming it)"))
        }
        switch op.access {
        case .businessKey:
            out += [error(401, "UNAUTHENTICATED: no valid key"), error(403, "FORBIDDEN: a business key where only the platform may act")]
        case .platformKey:
            out += [error(401, "UNAUTHENTICATED: no valid key"), error(403, "FORBIDDEN: a business key")]
        case .retellSignature:
            out.append(error(401, "UNAUTHENTICATED: the signature is missing, stale or wrong"))
        case .open: break
        }
        if op.pathParameterNames.contains("businessID") && op.access == .businessKey {
            out.append(error(404, "NOT_FOUND: no such business or resource, or a business this key does not belong to"))
        } else if !op.pathParameterNames.isEmpty {
            out.append(error(404, "NOT_FOUND"))
        }
        if let body = op.body {
            out += [
                error(413, "PAYLOAD_TOO_LARGE: over \(body.limit) bytes"), error(415, "UNSUPPORTED_MEDIA_TYPE: not JSON"),
                error(422, "VALIDATION_FAILED: a field is missing, unknown or invalid (named in `field`)"),
            ]
        }
        out += [error(429, "RATE_LIMITED, with Retry-After"), error(503, "DATABASE_UNAVAILABLE")]
        return out
    }
}
