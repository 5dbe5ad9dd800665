import HTTPTypes

/// One route of the API as the contract states it: the router registers it, the document shows it, and requests are
/// checked against its parameters and body before the handler runs.
public struct APIOperation: Sendable {
    /// Who may call the route, shown in the document as its security requirement.
    public enum Access: String, Sendable {
        case open, businessKey, platformKey, retellSignature
    }

    /// How the body's schema is used: checked before the handler, or shown only (the handler checks it after
    /// verifying a signature, so an unsigned request learns nothing about the shape).
    public enum BodyCheck: Sendable { case validated, documented }

    public struct Body: Sendable {
        public var schema: Schema
        public var check: BodyCheck
        public var limit: Int
        public var contentType: String
    }

    public struct Query: Sendable {
        public var name: String
        public var schema: Schema
        public var required: Bool
    }

    public struct Answer: Sendable {
        public var status: Int
        public var description: String
        public var schema: Schema?
        public var contentType: String
    }

    public var method: HTTPRequest.Method
    /// The full path with `{name}` parameters, as OpenAPI writes it.
    public var path: String
    public var id: String
    public var summary: String
    public var tag: String
    public var access: Access
    public var pathParameters: [String: Schema] = [:]
    public var query: [Query] = []
    public var body: Body?
    public var answers: [Answer] = []
    /// Query parameters outside `query` are refused unless this is set (routes taking someone else's callbacks).
    public var acceptsUnknownQuery = false

    public init(_ method: HTTPRequest.Method, _ path: String, id: String, tag: String, access: Access, summary: String) {
        self.method = method
        self.path = path
        self.id = id
        self.tag = tag
        self.access = access
        self.summary = summary
    }

    /// The `{name}` segments of the path, in order.
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// A path parameter's schema: as described, else a UUID for `…ID` names.
    public func schema(forPathParameter name: String) -> Schema {
        pathParameters[name] ?? (name.hasSuffix("ID") ? CommonSchemas.uuid : .string())
    }

    // MARK: builders

    public func parameter(_ name: String, _ schema: Schema) -> APIOperation {
        var op = self
        op.pathParameters[name] = schema
        return op
    }

    public func query(_ name: String, _ schema: Schema, required: Bool = false) -> APIOperation {
        var op = self
        op.query.append(Query(name: name, schema: schema, required: required))
        return op
    }

    public func body(
        _ schema: Schema, check: BodyCheck = .validated, limit: Int = JSONBody.defaultLimit,
        contentType: String = "application/json"
    ) -> APIOperation {
        var op = self
        op.body = Body(schema: schema, check: check, limit: limit, contentType: contentType)
        return op
    }

    public func answer(_ status: Int, _ description: String, _ schema: Schema? = nil, contentType: String = "application/json") -> APIOperation {
        var op = self
        op.answers.append(Answer(status: status, description: description, schema: schema, contentType: contentType))
        return op
    }

    /// An error answer particular to this route (409 on a taken slug), in the one error shape.
    public func refusal(_ status: Int, _ description: String) -> APIOperation {
        answer(status, description, .ref("Error"))
    }

    public func acceptingAnyQuery() -> APIOperation {
        var op = self
        op.acceptsUnknownQuery = true
        return op
    }
}
