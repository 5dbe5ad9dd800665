/// Which booking model a business uses; each kind reads the policy's capacity differently.
public enum BusinessKind: String, CaseIterable, Sendable, Codable {
    /// Covers capacity with turn times by party size.
    case restaurant
    /// Services performed by staff, one client at a time.
    case appointments
    /// Fixed tee-time starts shared by several parties up to a player capacity.
    case teeTimes = "tee_times"

    public init(parsing text: String, field: String = "kind") throws(ValidationError) {
        guard let kind = BusinessKind(rawValue: text) else {
            throw ValidationError(field: field, "must be one of restaurant, appointments, tee_times")
        }
        self = kind
    }
}
