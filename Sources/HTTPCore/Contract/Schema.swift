import Foundation

/// A JSON Schema (the 2020-12 subset OpenAPI 3.1 uses): the one definition the document shows and the server validates
/// request bodies and query parameters with, so the two cannot disagree.
public struct Schema: Sendable {
    public enum Kind: String, Sendable { case string, integer, number, boolean, array, object }

    public var kind: Kind?
    public var description: String?
    /// An annotation for readers and tools (`date`, `time`, `uuid`, `date-time`, `email`); the handlers check these.
    public var format: String?
    public var allowed: [String]?
    public var minimum: Int?
    public var maximum: Int?
    public var minLength: Int?
    public var maxLength: Int?
    public var maxItems: Int?
    public var nullable = false
    public var properties: [Property] = []
    public var required: [String] = []
    /// `false`: an unknown field is refused (a typo is an error, not silently ignored).
    public var closed = true
    /// Arrays: the element schema (an array so the struct can hold itself).
    var elements: [Schema] = []
    /// Maps: the value schema of a free-form object.
    var values: [Schema] = []
    /// `anyOf` alternatives (documentation of variants; validation accepts any object).
    var alternatives: [Schema] = []
    /// A reference to a named schema in `components.schemas`.
    public var ref: String?
    public var example: String?

    public struct Property: Sendable {
        public var name: String
        public var schema: Schema

        public init(name: String, schema: Schema) {
            self.name = name
            self.schema = schema
        }
    }

    init(_ kind: Kind?, _ description: String?) {
        self.kind = kind
        self.description = description
    }

    public var items: Schema? { elements.first }

    // MARK: builders

    public static func string(
        _ description: String? = nil, format: String? = nil, allowed: [String]? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, example: String? = nil
    ) -> Schema {
        var s = Schema(.string, description)
        s.format = format
        s.allowed = allowed
        s.minLength = minLength
        s.maxLength = maxLength
        s.example = example
        return s
    }

    public static func integer(_ description: String? = nil, min: Int? = nil, max: Int? = nil) -> Schema {
        var s = Schema(.integer, description)
        s.minimum = min
        s.maximum = max
        return s
    }

    public static func number(_ description: String? = nil) -> Schema { Schema(.number, description) }
    public static func boolean(_ description: String? = nil) -> Schema { Schema(.boolean, description) }

    public static func array(_ items: Schema, _ description: String? = nil, maxItems: Int? = nil) -> Schema {
        var s = Schema(.array, description)
        s.elements = [items]
        s.maxItems = maxItems
        return s
    }

    /// An object with these fields in this order; `required` names those that must be present.
    public static func object(_ description: String? = nil, _ fields: KeyValuePairs<String, Schema>, required: [String] = []) -> Schema {
        var s = Schema(.object, description)
        s.properties = fields.map { Property(name: $0.key, schema: $0.value) }
        s.required = required
        return s
    }

    /// An object whose keys are free and whose values follow `values`.
    public static func map(_ values: Schema, _ description: String? = nil) -> Schema {
        var s = Schema(.object, description)
        s.values = [values]
        s.closed = false
        return s
    }

    /// Any JSON object: payloads whose shape belongs to someone else (Retell's call objects).
    public static func anyObject(_ description: String? = nil) -> Schema {
        var s = Schema(.object, description)
        s.closed = false
        return s
    }

    public static func anyOf(_ description: String? = nil, _ alternatives: [Schema]) -> Schema {
        var s = Schema(nil, description)
        s.alternatives = alternatives
        return s
    }

    public static func ref(_ name: String) -> Schema {
        var s = Schema(nil, nil)
        s.ref = name
        return s
    }

    // MARK: modifiers

    /// The same schema that also accepts `null` (a PATCH clearing a field, an absent value in a response).
    public func orNull() -> Schema {
        var s = self
        s.nullable = true
        return s
    }

    public func described(_ text: String) -> Schema {
        var s = self
        s.description = text
        return s
    }

    /// Extra fields are accepted (and ignored): for objects defined by another party.
    public func open() -> Schema {
        var s = self
        s.closed = false
        return s
    }

    /// The same object with more fields (a response that adds to a request's shape).
    public func adding(_ fields: KeyValuePairs<String, Schema>, required more: [String] = []) -> Schema {
        var s = self
        s.properties += fields.map { Property(name: $0.key, schema: $0.value) }
        s.required += more
        return s
    }

    /// The same object with `fields` placed after the field `name` (fields declared elsewhere, in one list).
    public func inserting(_ fields: [Property], after name: String, required more: [String] = []) -> Schema {
        var s = self
        let index = s.properties.firstIndex { $0.name == name }.map { $0 + 1 } ?? s.properties.endIndex
        s.properties.insert(contentsOf: fields, at: index)
        s.required += more
        return s
    }

    /// The same object with every field optional (a PATCH of a create's shape).
    public func allOptional() -> Schema {
        var s = self
        s.required = []
        return s
    }

    public func property(_ name: String) -> Schema? { properties.first { $0.name == name }?.schema }

    // MARK: JSON

    /// The schema as OpenAPI 3.1 JSON.
    public var json: [String: Any] {
        if let ref {
            let target: [String: Any] = ["$ref": "#/components/schemas/\(ref)"]
            guard nullable || description != nil else { return target }
            var out: [String: Any] = nullable ? ["oneOf": [target, ["type": "null"]]] : ["allOf": [target]]
            if let description { out["description"] = description }
            return out
        }
        var out: [String: Any] = [:]
        if let kind { out["type"] = nullable ? [kind.rawValue, "null"] : kind.rawValue }
        if !alternatives.isEmpty { out["anyOf"] = alternatives.map(\.json) + (nullable ? [["type": "null"]] : []) }
        if let description { out["description"] = description }
        if let format { out["format"] = format }
        if let allowed { out["enum"] = nullable ? allowed as [Any] + [NSNull()] : allowed }
        if let minimum { out["minimum"] = minimum }
        if let maximum { out["maximum"] = maximum }
        if let minLength { out["minLength"] = minLength }
        if let maxLength { out["maxLength"] = maxLength }
        if let maxItems { out["maxItems"] = maxItems }
        if let items { out["items"] = items.json }
        if let example { out["examples"] = [example] }
        if kind == .object {
            if !properties.isEmpty {
                var props: [String: Any] = [:]
                for p in properties { props[p.name] = p.schema.json }
                out["properties"] = props
            }
            if !required.isEmpty { out["required"] = required }
            if let value = values.first {
                out["additionalProperties"] = value.json
            } else if closed {
                out["additionalProperties"] = false
            }
        }
        return out
    }
}
