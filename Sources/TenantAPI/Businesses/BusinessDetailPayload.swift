import Domain
import Foundation

/// The business's details in requests and responses, field by field from `BusinessDetailField.all`: what the list
/// declares is read, written back and documented, without a property per detail here.
struct DetailKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// The coding key of a detail: its camelCase form, which the API's snake_case key strategies turn into its name.
    init(_ field: BusinessDetailField) {
        let parts = field.name.split(separator: "_")
        stringValue = parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }
}

/// What a request says about each detail: left out, set to null (cleared) or given a value.
struct DetailsPatch: Sendable {
    var values: [String: Tristate<String>] = [:]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DetailKey.self)
        for field in BusinessDetailField.all { values[field.name] = try c.tristate(String.self, forKey: DetailKey(field)) }
    }

    /// The patch laid over `details`, each value checked by its field.
    func applied(to details: BusinessDetails) throws(ValidationError) -> BusinessDetails {
        var details = details
        for field in BusinessDetailField.all {
            switch values[field.name] ?? .absent {
            case .absent: continue
            case .null: try field.assign(nil, to: &details)
            case .value(let text): try field.assign(text, to: &details)
            }
        }
        return details
    }
}

extension BusinessDetails {
    /// Writes every detail, unset ones as explicit nulls, so every response has the same keys.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DetailKey.self)
        for field in BusinessDetailField.all { try c.encode(field.value(in: self), forKey: DetailKey(field)) }
    }
}
