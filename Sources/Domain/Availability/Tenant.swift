import Foundation

/// A business as the booking use cases see it: which one, and the rules it was loaded with, as one value, so an id and
/// rules from two different businesses can never be passed side by side.
public struct Tenant: Sendable {
    public let id: UUID
    public let rules: BookingRules

    public init(id: UUID, rules: BookingRules) {
        self.id = id
        self.rules = rules
    }
}
