import Domain
import Foundation
import Storage

/// `POST /v1/businesses`.
public struct CreateBusinessRequest: Decodable, Sendable {
    var slug: String
    var name: String
    var kind: String
    var timezone: String
    var phone: String?
    var transferPhone: String?
    var email: String?
    var policy: PolicyPayload?
    var hours: HoursPayload?
    public var apiKeyName: String?

    /// Validates every field into the domain's types; the first problem is reported with its field.
    public func parse() throws(ValidationError) -> (NewBusiness, WeeklyHours) {
        let kind = try BusinessKind(parsing: kind)
        try Business.validateName(name)
        if let email { try Business.validateEmail(email) }
        let policy = (policy?.applied(to: .defaults(for: kind))) ?? .defaults(for: kind)
        try policy.validate(for: kind)
        let input = NewBusiness(
            slug: try Slug(slug),
            name: name.trimmingCharacters(in: .whitespacesAndNewlines),
            kind: kind,
            timezone: try TimeZoneName(timezone),
            phone: try phone.map { v throws(ValidationError) in try PhoneNumber(v, field: "phone") },
            transferPhone: try transferPhone.map { v throws(ValidationError) in try PhoneNumber(v, field: "transfer_phone") },
            email: email,
            policy: policy)
        let hours = try hours?.parse(field: "hours") ?? .closed
        return (input, hours)
    }
}

/// `PATCH /v1/businesses/{id}`: only the fields sent change; `null` clears an optional one.
struct UpdateBusinessRequest: Decodable, Sendable {
    var slug: String?
    var name: String?
    var kind: String?
    var timezone: String?
    var phone: Tristate<String> = .absent
    var transferPhone: Tristate<String> = .absent
    var email: Tristate<String> = .absent
    var policy: PolicyPayload?

    enum CodingKeys: String, CodingKey {
        case slug, name, kind, timezone, phone, transferPhone, email, policy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        phone = try c.tristate(String.self, forKey: .phone)
        transferPhone = try c.tristate(String.self, forKey: .transferPhone)
        email = try c.tristate(String.self, forKey: .email)
        policy = try c.decodeIfPresent(PolicyPayload.self, forKey: .policy)
    }

    func apply(to business: inout Business) throws(ValidationError) {
        if let slug { business.slug = try Slug(slug) }
        if let name {
            try Business.validateName(name)
            business.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let kind, kind != business.kind.rawValue {
            _ = try BusinessKind(parsing: kind)
            throw ValidationError(field: "kind", "cannot change after onboarding; create a new business instead")
        }
        if let timezone { business.timezone = try TimeZoneName(timezone) }
        if case .value(let v) = phone { business.phone = try PhoneNumber(v, field: "phone") } else if case .null = phone { business.phone = nil }
        if case .value(let v) = transferPhone {
            business.transferPhone = try PhoneNumber(v, field: "transfer_phone")
        } else if case .null = transferPhone {
            business.transferPhone = nil
        }
        business.email = email.applied(to: business.email)
        if let policy { business.policy = policy.applied(to: business.policy) }
        try business.validate()
    }
}

/// A business as the API shows it, with its weekly hours.
public struct BusinessResponse: Encodable, Sendable {
    var id: String
    var slug: String
    var name: String
    var kind: String
    var timezone: String
    var phone: String?
    var transferPhone: String?
    var email: String?
    var policy: PolicyPayload
    var hours: HoursPayload
    var createdAt: Date
    var updatedAt: Date

    public init(_ b: Business, hours: WeeklyHours) {
        id = b.id.apiString
        slug = b.slug.value
        name = b.name
        kind = b.kind.rawValue
        timezone = b.timezone.identifier
        phone = b.phone?.e164
        transferPhone = b.transferPhone?.e164
        email = b.email
        policy = PolicyPayload(b.policy)
        self.hours = HoursPayload(hours)
        createdAt = b.createdAt
        updatedAt = b.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, slug, name, kind, timezone, phone, transferPhone, email, policy, hours, createdAt, updatedAt
    }

    /// Optional fields are written as explicit nulls so every response has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(phone, forKey: .phone)
        try c.encode(transferPhone, forKey: .transferPhone)
        try c.encode(email, forKey: .email)
        try c.encode(policy, forKey: .policy)
        try c.encode(hours, forKey: .hours)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
