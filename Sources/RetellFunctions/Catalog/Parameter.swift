import HTTPCore

/// One argument of an agent function: the same definition validates requests and becomes the tool's JSON Schema.
public struct Parameter: Sendable {
    public enum Kind: String, Sendable { case string, integer, boolean }

    public var name: String
    public var kind: Kind
    public var description: String
    public var required: Bool
    public var allowed: [String]?

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false, allowed: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.description = description
        self.required = required
        self.allowed = allowed
    }

    /// The contract's schema of this parameter (the tool definition and the OpenAPI document both render it).
    var schema: Schema {
        switch kind {
        case .string: .string(description, allowed: allowed)
        case .integer: .integer(description)
        case .boolean: .boolean(description)
        }
    }
}
