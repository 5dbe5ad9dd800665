import Foundation

/// A tenant: one business whose phone the voice agent answers, with the rules its bookings follow.
public struct Business: Sendable, Equatable {
    public var id: UUID
    public var slug: Slug
    public var name: String
    public var kind: BusinessKind
    public var timezone: TimeZoneName
    /// The optional details (`BusinessDetailField.all` says which); `phone`, `transferPhone` and `email` read them.
    public var details: BusinessDetails
    public var policy: BookingPolicy
    /// What callers are answered in and messages are written in (a call may ask for another the agent speaks).
    public var language: Language = .englishUS
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, slug: Slug, name: String, kind: BusinessKind, timezone: TimeZoneName,
        phone: PhoneNumber?, transferPhone: PhoneNumber?, email: String?, policy: BookingPolicy,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
        self.timezone = timezone
        self.details = BusinessDetails(phone: phone, transferPhone: transferPhone, email: email)
        self.policy = policy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var phone: PhoneNumber? {
        get { details.phone }
        set { details.phone = newValue }
    }

    public var transferPhone: PhoneNumber? {
        get { details.transferPhone }
        set { details.transferPhone = newValue }
    }

    public var email: String? {
        get { details.email }
        set { details.email = newValue }
    }

    /// Rules that span several fields; single-field rules are enforced by the value types themselves.
    public func validate() throws(ValidationError) {
        try Self.validateName(name)
        if let email { try Self.validateEmail(email) }
        try policy.validate(for: kind)
    }

    public static func validateName(_ name: String, field: String = "name") throws(ValidationError) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, name.unicodeScalars.count <= 200 else {
            throw ValidationError(field: field, "must be 1–200 characters")
        }
    }

    /// A deliberately loose check (one @, a dot in the domain): real validation is delivering mail to it.
    public static func validateEmail(_ email: String, field: String = "email") throws(ValidationError) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else {
            throw ValidationError(field: field, "'\(email)' is not an email address")
        }
    }
}
