import Domain
import Foundation
import PostgresNIO

/// Loads everything availability depends on for one business (hours, overrides, services, staff) in one round trip.
public struct RulesStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Loaded: Sendable {
        public let business: Business
        public let rules: BookingRules
    }

    /// Nil when the business does not exist. Overrides are read from `from` on (older ones cannot matter).
    public func load(_ businessID: UUID, from: LocalDate?, timeout: Database.Timeout = .standard) async throws -> Loaded? {
        let fromText = from?.description ?? "0001-01-01"
        // One statement: the business row plus its dependent rows as JSON arrays.
        let rows = try await database.query(
            """
            SELECT \(unescaped: BusinessRows.columns),
              (SELECT coalesce(json_agg(json_build_object('weekday', weekday, 'opens', to_char(opens, 'HH24:MI'),
                      'closes', to_char(closes, 'HH24:MI'))), '[]')::text
               FROM business_hours h WHERE h.business_id = b.id) AS hours_json,
              (SELECT coalesce(json_agg(json_build_object('date', date::text, 'closed', closed, 'hours', hours, 'reason', reason)), '[]')::text
               FROM business_date_overrides o WHERE o.business_id = b.id AND o.date >= \(fromText)::date) AS overrides_json,
              (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'duration', s.duration_minutes,
                      'before', s.buffer_before_minutes, 'after', s.buffer_after_minutes, 'durations', s.durations)
                      ORDER BY s.name), '[]')::text
               FROM services s WHERE s.business_id = b.id AND s.active) AS services_json,
              (SELECT coalesce(json_agg(json_build_object('id', st.id, 'name', st.name,
                      'services', (SELECT coalesce(json_agg(sv.name), '[]') FROM staff_services ss JOIN services sv ON sv.id = ss.service_id
                                   WHERE ss.staff_id = st.id AND sv.active),
                      'hours', (SELECT coalesce(json_agg(json_build_object('weekday', weekday, 'opens', to_char(opens, 'HH24:MI'),
                                   'closes', to_char(closes, 'HH24:MI'))), '[]') FROM staff_hours sh WHERE sh.staff_id = st.id))
                      ORDER BY st.name), '[]')::text
               FROM staff st WHERE st.business_id = b.id AND st.active) AS staff_json
            FROM businesses b WHERE b.id = \(businessID)
            """, timeout: timeout)
        for try await row in rows {
            let business = try BusinessRows.decode(row)
            let c = row.makeRandomAccess()
            let decoder = JSONDecoder()
            let hours = try Self.weekly(try decoder.decode([HourJSON].self, from: Data(try c["hours_json"].decode(String.self).utf8)))
            let overrides = try decoder.decode([OverrideJSON].self, from: Data(try c["overrides_json"].decode(String.self).utf8)).map { o in
                try DateOverride(
                    date: try LocalDate(parsing: o.date, field: "date"), closed: o.closed,
                    intervals: try o.hours.enumerated().map { try OpeningInterval(opens: $1.opens, closes: $1.closes, field: "hours[\($0)]") },
                    reason: o.reason)
            }
            let services = try decoder.decode([ServiceJSON].self, from: Data(try c["services_json"].decode(String.self).utf8)).map {
                Service(
                    name: $0.name, durationMinutes: $0.duration, bufferBeforeMinutes: $0.before, bufferAfterMinutes: $0.after,
                    durations: $0.durations)
            }
            let staff = try decoder.decode([StaffJSON].self, from: Data(try c["staff_json"].decode(String.self).utf8)).map {
                StaffMember(id: $0.id, name: $0.name, services: Set($0.services), hours: $0.hours.isEmpty ? nil : try Self.weekly($0.hours))
            }
            let schedule = OpeningSchedule(weekly: hours, overrides: overrides, clock: ZonedClock(business.timezone.timeZone))
            return Loaded(
                business: business,
                rules: BookingRules(
                    kind: business.kind, policy: business.policy, schedule: schedule,
                    services: services, staff: staff))
        }
        return nil
    }

    struct HourJSON: Decodable {
        var weekday: Int
        var opens: String
        var closes: String
    }
    struct IntervalJSON: Decodable {
        var opens: String
        var closes: String
    }
    struct OverrideJSON: Decodable {
        var date: String
        var closed: Bool
        var hours: [IntervalJSON]
        var reason: String?
    }
    struct ServiceJSON: Decodable {
        var id: UUID
        var name: String
        var duration: Int
        var before: Int
        var after: Int
        var durations: [Int]
    }
    struct StaffJSON: Decodable {
        var id: UUID
        var name: String
        var services: [String]
        var hours: [HourJSON]
    }

    static func weekly(_ rows: [HourJSON]) throws -> WeeklyHours {
        var days: [Weekday: [OpeningInterval]] = [:]
        for row in rows {
            guard let day = Weekday(rawValue: row.weekday) else { continue }
            days[day, default: []].append(try OpeningInterval(opens: row.opens, closes: row.closes, field: day.name))
        }
        return try WeeklyHours(days)
    }
}
