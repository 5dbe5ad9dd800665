/// A client-supplied value broke a rule; `field` is the JSON path so the client can point at it.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// Re-roots the error under a parent path, so nested validators can report `hours.monday[0].opens`.
    public func prefixed(_ parent: String) -> ValidationError {
        let joined = field.isEmpty ? parent : (field.hasPrefix("[") ? parent + field : parent + "." + field)
        return ValidationError(field: joined, message)
    }

    public var description: String { "\(field): \(message)" }
}
