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

    /// The JSON Schema of this parameter.
    var schema: [String: Any] {
        var s: [String: Any] = ["type": kind.rawValue, "description": description]
        if let allowed { s["enum"] = allowed }
        return s
    }
}
