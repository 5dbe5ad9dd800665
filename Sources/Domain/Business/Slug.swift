/// A URL-safe unique handle for a business (`chez-marie`), chosen by the platform operator.
public struct Slug: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String, field: String = "slug") throws(ValidationError) {
        let allowed = text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        guard (2 ... 63).contains(text.count), allowed, text.first != "-", text.last != "-", !text.contains("--") else {
            throw ValidationError(field: field, "must be 2–63 lower-case letters, digits or single hyphens, not starting or ending with a hyphen")
        }
        self.value = text
    }

    public var description: String { value }
}
