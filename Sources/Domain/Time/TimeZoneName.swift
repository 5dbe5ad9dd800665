import Foundation

/// An IANA time zone name that this system's tz database knows, so every local-time rule can be resolved.
public struct TimeZoneName: Hashable, Sendable, CustomStringConvertible {
    public let identifier: String
    public let timeZone: TimeZone

    /// Accepts only names listed in the tz database (`Europe/London`, `UTC`), not abbreviations or offsets.
    public init(_ identifier: String, field: String = "timezone") throws(ValidationError) {
        guard Self.known.contains(identifier), let zone = TimeZone(identifier: identifier) else {
            throw ValidationError(field: field, "'\(identifier)' is not an IANA time zone name such as 'America/New_York'")
        }
        self.identifier = identifier
        self.timeZone = zone
    }

    public var description: String { identifier }

    private static let known: Set<String> = {
        var names = Set(TimeZone.knownTimeZoneIdentifiers)
        names.insert("UTC")
        return names
    }()
}
