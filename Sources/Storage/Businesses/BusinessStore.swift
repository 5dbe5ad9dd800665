import Domain
import Foundation
import PostgresNIO

/// What a new business needs before it has an id.
public struct NewBusiness: Sendable {
    public var slug: Slug
    public var name: String
    public var kind: BusinessKind
    public var timezone: TimeZoneName
    public var details: BusinessDetails
    public var policy: BookingPolicy
    public var language: Language = .englishUS

    public init(slug: Slug, name: String, kind: BusinessKind, timezone: TimeZoneName, details: BusinessDetails, policy: BookingPolicy) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.timezone = timezone
        self.details = details
        self.policy = policy
    }

    public init(
        slug: Slug, name: String, kind: BusinessKind, timezone: TimeZoneName, phone: PhoneNumber?,
        transferPhone: PhoneNumber?, email: String?, policy: BookingPolicy
    ) {
        self.init(
            slug: slug, name: name, kind: kind, timezone: timezone,
            details: BusinessDetails(phone: phone, transferPhone: transferPhone, email: email), policy: policy)
    }
}

/// SQL for businesses and their hours. Every statement names the business id it acts on.
public struct BusinessStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A business with its hours and first API key, atomically (no business is ever left keyless); `owner`, a console
    /// account, owns it from the same transaction. `rulesConfirmed` is false when the rules are only the kind's defaults
    /// (the console's set-up asks for them next).
    public func create(
        _ new: NewBusiness, hours: WeeklyHours, firstKey: APIKey, keyName: String, owner: UUID? = nil, rulesConfirmed: Bool = true,
        audit: AuditEntry? = nil
    ) async throws
        -> (Business, APIKeyRecord)
    {
        try await database.transaction { session in
            let business = try await insert(new, rulesConfirmed: rulesConfirmed, in: session)
            try await HoursSQL.replaceWeekly(business.id, hours, in: session)
            let key = try await APIKeySQL.insert(businessID: business.id, key: firstKey, name: keyName, in: session)
            if let owner {
                try await session.query(
                    "INSERT INTO account_businesses (account_id, business_id, role) VALUES (\(owner), \(business.id), 'owner')")
            }
            try await AuditSQL.record(audit?.about(business.id), in: session)
            return (business, key)
        }
    }

    /// Inserts the business unless its slug exists; returns the stored one either way (for idempotent seeding).
    public func createIfAbsent(_ new: NewBusiness, hours: WeeklyHours, overrides: [DateOverride]) async throws -> (business: Business, created: Bool)
    {
        try await database.transaction { session in
            let existing = try await session.query(
                "SELECT \(unescaped: BusinessRows.columns) FROM businesses WHERE slug = \(new.slug.value) FOR UPDATE")
            for try await row in existing { return (try BusinessRows.decode(row), false) }
            let business = try await insert(new, rulesConfirmed: true, in: session)
            try await HoursSQL.replaceWeekly(business.id, hours, in: session)
            for override in overrides {
                try await HoursSQL.insertOverride(business.id, override, in: session)
            }
            return (business, true)
        }
    }

    public func get(_ id: UUID) async throws -> Business? {
        let rows = try await database.query(
            "SELECT \(unescaped: BusinessRows.columns) FROM businesses WHERE id = \(id)")
        for try await row in rows { return try BusinessRows.decode(row) }
        return nil
    }

    /// A page of businesses in creation order, after the business `after` (keyset pagination: no gaps while rows arrive).
    public func list(limit: Int, after: UUID?) async throws -> [Business] {
        let query: PostgresQuery =
            if let after {
                """
                SELECT \(unescaped: BusinessRows.columns) FROM businesses
                WHERE (created_at, id) > (SELECT created_at, id FROM businesses WHERE id = \(after))
                ORDER BY created_at, id LIMIT \(limit)
                """
            } else {
                "SELECT \(unescaped: BusinessRows.columns) FROM businesses ORDER BY created_at, id LIMIT \(limit)"
            }
        var result: [Business] = []
        for try await row in try await database.query(query) { result.append(try BusinessRows.decode(row)) }
        return result
    }

    /// Reads the row locked, lets `change` edit and validate it, then writes it back; nil when there is no such business.
    /// `confirmsRules` records that someone stated the booking rules (the set-up checklist's item).
    public func update(
        _ id: UUID, confirmsRules: Bool = false, audit: AuditEntry? = nil, _ change: @escaping @Sendable (inout Business) throws -> Void
    ) async throws -> Business? {
        try await database.transaction { session in
            guard var business = try await Self.locked(id, in: session) else { return nil }
            let before = business.language
            try change(&business)
            let written = try await Self.write(business, confirmsRules: confirmsRules, in: session)
            if written?.language != before, let language = written?.language {
                // The phone agent speaks the business's language: its next sync (queued below) publishes the new one.
                try await session.query("UPDATE retell_agents SET language = \(language.rawValue) WHERE business_id = \(id)")
            }
            try await AuditSQL.record(audit?.about(id), in: session)
            try await RetellSyncSQL.queue(id, in: session)
            return written
        }
    }

    /// The business row, locked until the transaction ends.
    static func locked(_ id: UUID, in session: DatabaseSession) async throws -> Business? {
        let rows = try await session.query("SELECT \(unescaped: BusinessRows.columns) FROM businesses WHERE id = \(id) FOR UPDATE")
        for try await row in rows { return try BusinessRows.decode(row) }
        return nil
    }

    /// Writes every editable column of the business back.
    static func write(_ business: Business, confirmsRules: Bool, in session: DatabaseSession) async throws -> Business? {
        let p = business.policy
        let updated = try await session.query(
            """
            UPDATE businesses SET
                slug = \(business.slug.value), name = \(business.name), kind = \(business.kind.rawValue),
                timezone = \(business.timezone.identifier), \(detailAssignments: business.details),
                slot_interval_minutes = \(p.slotIntervalMinutes), min_notice_minutes = \(p.minNoticeMinutes),
                booking_horizon_days = \(p.bookingHorizonDays), min_party_size = \(p.minPartySize),
                max_party_size = \(p.maxPartySize), capacity = \(p.capacity),
                default_duration_minutes = \(p.defaultDurationMinutes),
                turn_times = \(BusinessRows.turnTimesJSON(p))::jsonb, round_types = \(BusinessRows.json(p.roundTypes))::jsonb,
                currency = \(p.currency), intake_questions = \(BusinessRows.json(p.intakeQuestions))::jsonb,
                language = \(business.language.rawValue), updated_at = now(),
                rules_confirmed_at = CASE WHEN \(confirmsRules) THEN now() ELSE rules_confirmed_at END
            WHERE id = \(business.id)
            RETURNING \(unescaped: BusinessRows.columns)
            """)
        for try await row in updated { return try BusinessRows.decode(row) }
        return nil
    }

    private func insert(_ new: NewBusiness, rulesConfirmed: Bool, in session: DatabaseSession) async throws -> Business {
        let p = new.policy
        let rows = try await session.query(
            """
            INSERT INTO businesses (slug, name, kind, timezone, \(unescaped: BusinessRows.detailColumns),
                slot_interval_minutes, min_notice_minutes, booking_horizon_days, min_party_size, max_party_size,
                capacity, default_duration_minutes, turn_times, round_types, currency, intake_questions, language, rules_confirmed_at)
            VALUES (\(new.slug.value), \(new.name), \(new.kind.rawValue), \(new.timezone.identifier), \(detailValues: new.details),
                \(p.slotIntervalMinutes), \(p.minNoticeMinutes), \(p.bookingHorizonDays), \(p.minPartySize),
                \(p.maxPartySize), \(p.capacity), \(p.defaultDurationMinutes), \(BusinessRows.turnTimesJSON(p))::jsonb,
                \(BusinessRows.json(p.roundTypes))::jsonb, \(p.currency), \(BusinessRows.json(p.intakeQuestions))::jsonb,
                \(new.language.rawValue), CASE WHEN \(rulesConfirmed) THEN now() END)
            RETURNING \(unescaped: BusinessRows.columns)
            """)
        for try await row in rows { return try BusinessRows.decode(row) }
        throw StorageError.server(sqlState: "client", message: "INSERT … RETURNING returned no row")
    }

    /// Whether the business exists (sub-resource reads answer 404 rather than an empty list for an unknown id).
    public func exists(_ id: UUID) async throws -> Bool {
        for try await _ in try await database.query("SELECT 1 FROM businesses WHERE id = \(id)") { return true }
        return false
    }
}
