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
            let field = "services[\(i)]"
            let name = s.name.trimmingCharacters(in: .whitespaces)
            guard (1 ... 100).contains(name.unicodeScalars.count) else { throw ValidationError(field: "\(field).name", "must be 1–100 characters") }
            guard (5 ... 1440).contains(s.durationMinutes) else {
                throw ValidationError(field: "\(field).duration_minutes", "must be between 5 and 1440")
            }
            for (key, value) in [("buffer_before_minutes", s.bufferBeforeMinutes), ("buffer_after_minutes", s.bufferAfterMinutes)] {
                if let value, !(0 ... 240).contains(value) { throw ValidationError(field: "\(field).\(key)", "must be between 0 and 240") }
            }
            guard !services.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ValidationError(field: "\(field).name", "is listed twice")
            }
            services.append(
                Service(
                    name: name, durationMinutes: s.durationMinutes, bufferBeforeMinutes: s.bufferBeforeMinutes ?? 0,
                    bufferAfterMinutes: s.bufferAfterMinutes ?? 0))
        }
        try await store.replaceServices(id, services)
        return body
    }

    @Sendable func putStaff(_ request: Request, context: AppRequestContext) async throws -> StaffList {
        let id = try await businesses.requireExisting(context)
        let body = try await JSONBody.decode(StaffList.self, from: request)
        var staff: [StaffMember] = []
        for (i, member) in body.staff.enumerated() {
            let name = member.name.trimmingCharacters(in: .whitespaces)
            guard (1 ... 100).contains(name.unicodeScalars.count) else {
                throw ValidationError(field: "staff[\(i)].name", "must be 1–100 characters")
            }
            guard !staff.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ValidationError(field: "staff[\(i)].name", "is listed twice")
            }
            staff.append(
                StaffMember(id: UUID(), name: name, services: Set(member.services), hours: try member.hours?.parse(field: "staff[\(i)].hours")))
        }
        try await store.replaceStaff(id, staff)
        return body
    }
}
