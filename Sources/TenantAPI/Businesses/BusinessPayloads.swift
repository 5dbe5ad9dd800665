import Domain
import Foundation
import Storage

/// `POST /v1/businesses`.
public struct CreateBusinessRequest: Decodable, Sendable {
    var slug: String
    var name: String
    var kind: String
    var timezone: String
    var language: String?
    /// Every field of `BusinessDetailField.all` the request gave.
    var details: DetailsPatch
    var policy: PolicyPayload?
    var hours: HoursPayload?
    public var apiKeyName: String?

    enum CodingKeys: String, CodingKey {
        case slug, name, kind, timezone, language, policy, hours, apiKeyName
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(String.self, forKey: .kind)
        timezone = try c.decode(String.self, forKey: .timezone)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        details = try DetailsPatch(from: decoder)
        policy = try c.decodeIfPresent(PolicyPayload.self, forKey: .policy)
        hours = try c.decodeIfPresent(HoursPayload.self, forKey: .hours)
        apiKeyName = try c.decodeIfPresent(String.self, forKey: .apiKeyName)
    }

    /// A language the platform answers in, from a tag such as `es-ES` (or `es`).
    static func language(_ tag: String) throws(ValidationError) -> Language {
        guard let language = Language(loose: tag) else {
            throw ValidationError(field: "language", "must be one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return language
    }

    /// Validates every field into the domain's types; the first problem is reported with its field.
    public func parse() throws(ValidationError) -> (NewBusiness, WeeklyHours) {
        let kind = try BusinessKind(parsing: kind)
        try Business.validateName(name)
        let policy = try (policy?.applied(to: .defaults(for: kind))) ?? .defaults(for: kind)
        try policy.validate(for: kind)
        let slug = try Slug(slug), timezone = try TimeZoneName(timezone)
        var input = NewBusiness(
            slug: slug, name: name.trimmingCharacters(in: .whitespacesAndNewlines), kind: kind, timezone: timezone,
            details: try details.applied(to: BusinessDetails()), policy: policy)
        if let language { input.language = try Self.language(language) }
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
    var language: String?
    /// Each field of `BusinessDetailField.all`: left out (unchanged), null (cleared) or a new value.
    var details: DetailsPatch
    var policy: PolicyPayload?

    enum CodingKeys: String, CodingKey {
        case slug, name, kind, timezone, language, policy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        details = try DetailsPatch(from: decoder)
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
        if let language { business.language = try CreateBusinessRequest.language(language) }
        business.details = try details.applied(to: business.details)
        if let policy { business.policy = try policy.applied(to: business.policy) }
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
    var language: String
    var details: BusinessDetails
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
        language = b.language.rawValue
        details = b.details
        policy = PolicyPayload(b.policy)
        self.hours = HoursPayload(hours)
        createdAt = b.createdAt
        updatedAt = b.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, slug, name, kind, timezone, language, policy, hours, createdAt, updatedAt
    }

    /// Optional fields are written as explicit nulls so every response has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(language, forKey: .language)
        try details.encode(to: encoder)
        try c.encode(policy, forKey: .policy)
        try c.encode(hours, forKey: .hours)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
