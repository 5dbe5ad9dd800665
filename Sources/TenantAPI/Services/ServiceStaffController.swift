import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// `PUT /v1/businesses/{id}/services` and `/staff`: what an appointment business offers and who does it.
public struct ServiceStaffController: Sendable {
    let store: ServiceStaffStore
    let businesses: BusinessStore

    public init(database: Database) {
        self.store = ServiceStaffStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.replaceServicesOperation, use: putServices)
        business.add(Self.replaceStaffOperation, use: putStaff)
    }

    struct ServicePayload: Codable, Sendable {
        var name: String
        var durationMinutes: Int
        var bufferBeforeMinutes: Int?
        var bufferAfterMinutes: Int?
        var durations: [Int]?
    }

    struct ServiceList: Codable, ResponseEncodable { var services: [ServicePayload] }

    struct StaffPayload: Codable, Sendable {
        var name: String
        var services: [String]
        var hours: HoursPayload?
    }

    struct StaffList: Codable, ResponseEncodable { var staff: [StaffPayload] }

    @Sendable func putServices(_ request: Request, context: AppRequestContext) async throws -> ServiceList {
        let id = try await businesses.requireExisting(context)
        let body = try await JSONBody.decode(ServiceList.self, from: request)
        var services: [Service] = []
        for (i, s) in body.services.enumerated() {
            services.append(
                try ServiceRules.service(
                    name: s.name, durationMinutes: s.durationMinutes, bufferBefore: s.bufferBeforeMinutes ?? 0,
                    bufferAfter: s.bufferAfterMinutes ?? 0, field: "services[\(i)]", existing: services, durations: s.durations ?? []))
        }
        try await store.replaceServices(id, services, audit: context.audit("services.replaced", business: id))
        return body
    }

    @Sendable func putStaff(_ request: Request, context: AppRequestContext) async throws -> StaffList {
        let id = try await businesses.requireExisting(context)
        let body = try await JSONBody.decode(StaffList.self, from: request)
        var staff: [StaffMember] = []
        for (i, member) in body.staff.enumerated() {
            let name = try ServiceRules.name(member.name, field: "staff[\(i)]", taken: staff.map(\.name))
            staff.append(
                StaffMember(id: UUID(), name: name, services: Set(member.services), hours: try member.hours?.parse(field: "staff[\(i)].hours")))
        }
        try await store.replaceStaff(id, staff, audit: context.audit("staff.replaced", business: id))
        return body
    }
}
