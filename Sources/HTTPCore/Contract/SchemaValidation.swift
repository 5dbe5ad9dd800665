import Domain
import Foundation

/// The first way a value breaks its schema, with the field in the API's dotted form (`policy.turn_times[0].minutes`).
public struct SchemaViolation: Error, Sendable, Equatable {
    public var field: String
    public var message: String
}

extension Schema {
    /// Checks a value as `JSONSerialization` reads it; `components` resolves references.
    public func violation(of value: Any, at field: String = "", components: [String: Schema]) -> SchemaViolation? {
        if let ref {
            guard let target = components[ref] else { return SchemaViolation(field: field, message: "schema \(ref) is not defined") }
            if nullable, value is NSNull { return nil }
            return target.violation(of: value, at: field, components: components)
        }
        if value is NSNull {
            return nullable || kind == nil ? nil : SchemaViolation(field: field, message: "must be \(article) \(typeName), not null")
        }
        guard let kind else { return nil }
        switch kind {
        case .string:
            guard let text = value as? String else { return mismatch(field) }
            if let allowed, !allowed.contains(text) {
                return SchemaViolation(field: field, message: "must be one of: \(allowed.joined(separator: ", "))")
            }
            if let minLength, text.count < minLength {
                return SchemaViolation(field: field, message: minLength == 1 ? "must not be empty" : "must be at least \(minLength) characters")
            }
            // Counted as PostgreSQL's length() counts (code points), so a text the contract admits fits its column.
            if let maxLength, text.unicodeScalars.count > maxLength {
                return SchemaViolation(field: field, message: "must be at most \(maxLength) characters")
            }
            // PostgreSQL's text refuses NUL; no field of this API means a control character other than a line break or tab.
            if let problem = OutsideText.problem(text) { return SchemaViolation(field: field, message: problem) }
        case .integer, .number:
            guard let number = JSONKinds.number(value) else { return mismatch(field) }
            if kind == .integer, number != number.rounded() || abs(number) > 9e15 { return mismatch(field) }
            if let minimum, number < Double(minimum) { return SchemaViolation(field: field, message: "must be at least \(minimum)") }
            if let maximum, number > Double(maximum) { return SchemaViolation(field: field, message: "must be at most \(maximum)") }
        case .boolean:
            guard JSONKinds.isBool(value) else { return mismatch(field) }
        case .array:
            guard let array = value as? [Any] else { return mismatch(field) }
            if let maxItems, array.count > maxItems { return SchemaViolation(field: field, message: "must have at most \(maxItems) items") }
            if let items {
                for (index, element) in array.enumerated() {
                    if let v = items.violation(of: element, at: "\(field)[\(index)]", components: components) { return v }
                }
            }
        case .object:
            guard let object = value as? [String: Any] else { return mismatch(field) }
            for name in required where object[name] == nil {
                return SchemaViolation(field: Self.join(field, name), message: "is required")
            }
            for property in properties {
                guard let member = object[property.name] else { continue }
                if let v = property.schema.violation(of: member, at: Self.join(field, property.name), components: components) { return v }
            }
            if let valueSchema = values.first {
                for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                    if let v = valueSchema.violation(of: member, at: Self.join(field, key), components: components) { return v }
                }
            } else if closed, properties.isEmpty == false || alternatives.isEmpty {
                let known = Set(properties.map(\.name))
                if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                    return SchemaViolation(field: Self.join(field, unknown), message: "is not a known field")
                }
            }
        }
        return nil
    }

    static func join(_ field: String, _ name: String) -> String { field.isEmpty ? name : "\(field).\(name)" }

    func mismatch(_ field: String) -> SchemaViolation {
        SchemaViolation(field: field, message: field.isEmpty ? "the body must be \(article) \(typeName)" : "must be \(article) \(typeName)")
    }

    var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "whole number"
        case .number: "number"
        case .boolean: "boolean"
        case .array: "array"
        case .object: "JSON object"
        case nil: "value"
        }
    }

    var article: String { kind == .array ? "an" : "a" }
}

/// Type tests on `JSONSerialization` output, where booleans and numbers are both `NSNumber` on Linux.
enum JSONKinds {
    static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func number(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, !isBool(value) else { return nil }
        return n.doubleValue
    }
}
