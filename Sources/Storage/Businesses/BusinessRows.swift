import Domain
import Foundation
import PostgresNIO

/// Row ↔ domain mapping for `businesses`, kept in one place so every query selects and decodes the same columns.
enum BusinessRows {
    /// The details' columns, named as their fields are (`BusinessDetailField.all`).
    static let detailColumns = BusinessDetailField.all.map(\.name).joined(separator: ", ")

    static let columns = """
        id, slug, name, kind, timezone, \(detailColumns), slot_interval_minutes, min_notice_minutes,
        booking_horizon_days, min_party_size, max_party_size, capacity, default_duration_minutes, turn_times::text,
        round_types::text, currency, intake_questions::text, language, created_at, updated_at
        """

    struct TurnTimeJSON: Codable {
        var maxPartySize: Int?
        var minutes: Int

        enum CodingKeys: String, CodingKey {
            case maxPartySize = "max_party_size", minutes
        }
    }

    static func decode(_ row: PostgresRow) throws -> Business {
        let c = row.makeRandomAccess()
        let turnTimes = try JSONDecoder().decode([TurnTimeJSON].self, from: Data(try c["turn_times"].decode(String.self).utf8))
        let policy = BookingPolicy(
            slotIntervalMinutes: try c["slot_interval_minutes"].decode(Int.self),
            minNoticeMinutes: try c["min_notice_minutes"].decode(Int.self),
            bookingHorizonDays: try c["booking_horizon_days"].decode(Int.self),
            minPartySize: try c["min_party_size"].decode(Int.self),
            maxPartySize: try c["max_party_size"].decode(Int.self),
            capacity: try c["capacity"].decode(Int?.self),
            defaultDurationMinutes: try c["default_duration_minutes"].decode(Int.self),
            turnTimes: turnTimes.map { TurnTime(maxPartySize: $0.maxPartySize, minutes: $0.minutes) },
            roundTypes: try JSONDecoder().decode([RoundType].self, from: Data(try c["round_types"].decode(String.self).utf8)),
            currency: try c["currency"].decode(String.self),
            intakeQuestions: try JSONDecoder().decode([IntakeQuestion].self, from: Data(try c["intake_questions"].decode(String.self).utf8)))
        var details = BusinessDetails()
        for field in BusinessDetailField.all { field.restore(try c[field.name].decode(String?.self), to: &details) }
        var business = Business(
            id: try c["id"].decode(UUID.self),
            slug: try Slug(try c["slug"].decode(String.self)),
            name: try c["name"].decode(String.self),
            kind: try BusinessKind(parsing: try c["kind"].decode(String.self)),
            timezone: try TimeZoneName(try c["timezone"].decode(String.self)),
            phone: nil, transferPhone: nil, email: nil,
            policy: policy,
            createdAt: try c["created_at"].decode(Date.self),
            updatedAt: try c["updated_at"].decode(Date.self))
        business.details = details
        business.language = Language(rawValue: try c["language"].decode(String.self)) ?? .englishUS
        return business
    }

    /// The policy's JSON columns' values, in the order `write` and `insert` bind them.
    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func turnTimesJSON(_ policy: BookingPolicy) -> String {
        json(policy.turnTimes.map { TurnTimeJSON(maxPartySize: $0.maxPartySize, minutes: $0.minutes) })
    }
}

extension PostgresQuery.StringInterpolation {
    /// The details' values as binds, in `BusinessDetailField.all`'s order (an INSERT's VALUES).
    mutating func appendInterpolation(detailValues details: BusinessDetails) {
        for (index, field) in BusinessDetailField.all.enumerated() {
            if index > 0 { appendLiteral(", ") }
            appendInterpolation(field.value(in: details))
        }
    }

    /// `phone = $n, transfer_phone = $m, …` (an UPDATE's SET).
    mutating func appendInterpolation(detailAssignments details: BusinessDetails) {
        for (index, field) in BusinessDetailField.all.enumerated() {
            appendLiteral((index > 0 ? ", " : "") + field.name + " = ")
            appendInterpolation(field.value(in: details))
        }
    }
}
