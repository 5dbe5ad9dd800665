import Domain
import Foundation

extension BusinessStore {
    /// The set-up's rules step: the policy (checked for the business's kind), and for an appointment business its
    /// services and staff, written together and audited in one transaction; nil when there is no such business.
    public func saveRules(
        _ id: UUID, policy: BookingPolicy, services: [Service]? = nil, staff: [StaffMember]? = nil, audit: AuditEntry
    ) async throws -> Business? {
        try await database.transaction { session in
            guard var business = try await Self.locked(id, in: session) else { return nil }
            try policy.validate(for: business.kind)
            business.policy = policy
            let written = try await Self.write(business, confirmsRules: true, in: session)
            if let services { try await ServiceStaffStore.replaceServices(id, services, in: session) }
            if let staff { try await ServiceStaffStore.replaceStaff(id, staff, in: session) }
            try await AuditSQL.record(audit.about(id), in: session)
            try await RetellSyncSQL.queue(id, in: session)
            return written
        }
    }
}
