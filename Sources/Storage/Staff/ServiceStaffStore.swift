import Domain
import Foundation
import Logging
import PostgresNIO

/// Services and staff of an appointment business. Replacing a list keeps ids stable by name and deactivates what
/// is left out (bookings keep pointing at the people and services they were made with).
public struct ServiceStaffStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func replaceServices(_ businessID: UUID, _ services: [Service], audit: AuditEntry? = nil) async throws {
        try await database.transaction { session in
            try await Self.replaceServices(businessID, services, in: session)
            try await AuditSQL.record(audit, in: session)
            try await RetellSyncSQL.queue(businessID, in: session)
        }
    }

    /// Replaces the staff list; each member's services are named, and must exist.
    public func replaceStaff(_ businessID: UUID, _ staff: [StaffMember], audit: AuditEntry? = nil) async throws {
        try await database.transaction { session in
            try await Self.replaceStaff(businessID, staff, in: session)
            try await AuditSQL.record(audit, in: session)
            try await RetellSyncSQL.queue(businessID, in: session)
        }
    }

    static func replaceServices(_ businessID: UUID, _ services: [Service], in session: DatabaseSession) async throws {
        try await session.query("UPDATE services SET active = false WHERE business_id = \(businessID)")
        for s in services {
            try await session.query(
                """
                INSERT INTO services (business_id, name, duration_minutes, buffer_before_minutes, buffer_after_minutes, durations, active)
                VALUES (\(businessID), \(s.name), \(s.durationMinutes), \(s.bufferBeforeMinutes), \(s.bufferAfterMinutes), \(s.durations), true)
                ON CONFLICT (business_id, lower(name)) DO UPDATE SET name = EXCLUDED.name, duration_minutes = EXCLUDED.duration_minutes,
                    buffer_before_minutes = EXCLUDED.buffer_before_minutes, buffer_after_minutes = EXCLUDED.buffer_after_minutes,
                    durations = EXCLUDED.durations, active = true
                """)
        }
    }

    static func replaceStaff(_ businessID: UUID, _ staff: [StaffMember], in session: DatabaseSession) async throws {
        try await session.query("UPDATE staff SET active = false WHERE business_id = \(businessID)")
        for member in staff {
            var id: UUID?
            for try await row in try await session.query(
                """
                INSERT INTO staff (business_id, name, active) VALUES (\(businessID), \(member.name), true)
                ON CONFLICT (business_id, lower(name)) DO UPDATE SET name = EXCLUDED.name, active = true
                RETURNING id
                """
            ).decode(UUID.self) { id = row }
            guard let id else { continue }
            try await session.query("DELETE FROM staff_services WHERE staff_id = \(id)")
            try await session.query("DELETE FROM staff_hours WHERE staff_id = \(id)")
            for service in member.services.sorted() {
                let inserted = try await session.query(
                    """
                    INSERT INTO staff_services (business_id, staff_id, service_id)
                    SELECT \(businessID), \(id), s.id FROM services s WHERE s.business_id = \(businessID) AND lower(s.name) = \(service) AND s.active
                    RETURNING 1
                    """)
                var found = false
                for try await _ in inserted { found = true }
                if !found { throw ValidationError(field: "staff.\(member.name).services", "'\(service)' is not one of this business's services") }
            }
            if let hours = member.hours {
                for day in Weekday.allCases {
                    for range in hours.intervals(on: day) {
                        try await session.query(
                            """
                            INSERT INTO staff_hours (business_id, staff_id, weekday, opens, closes)
                            VALUES (\(businessID), \(id), \(day.rawValue), \(range.opens.description)::time, \(range.closes.description)::time)
                            """)
                    }
                }
            }
        }
    }
}
