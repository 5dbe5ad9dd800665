import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Weekly hours and date overrides (holidays, special hours) of a business.
public struct HoursController: Sendable {
    let hours: HoursStore
    let businesses: BusinessStore

    public init(hours: HoursStore, businesses: BusinessStore) {
        self.hours = hours
        self.businesses = businesses
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.getOperation, use: getWeekly)
        business.add(Self.replaceOperation, use: putWeekly)
        business.add(Self.listOverridesOperation, use: listOverrides)
        business.add(Self.addOverrideOperation, use: addOverride)
        business.add(Self.deleteOverrideOperation, use: deleteOverride)
    }

    @Sendable func getWeekly(_ request: Request, context: AppRequestContext) async throws -> HoursPayload {
        let id = try await businesses.requireExisting(context)
        return HoursPayload(try await hours.weekly(id))
    }

    @Sendable func putWeekly(_ request: Request, context: AppRequestContext) async throws -> HoursPayload {
        let id = try context.businessID()
        let weekly = try await JSONBody.decode(HoursPayload.self, from: request).parse(field: "")
        guard try await hours.replaceWeekly(id, weekly, audit: context.audit("hours.replaced", business: id)) else {
            throw APIError.notFound("business")
        }
        return HoursPayload(weekly)
    }

    struct OverrideList: ResponseEncodable { var dateOverrides: [DateOverridePayload] }

    @Sendable func listOverrides(_ request: Request, context: AppRequestContext) async throws -> OverrideList {
        let id = try await businesses.requireExisting(context)
        let from = try request.uri.queryParameters.get("from").map { try OwnerBookingsController.queryDate(String($0), field: "from") }
        return OverrideList(dateOverrides: try await hours.overrides(id, from: from).map(DateOverridePayload.init))
    }

    @Sendable func addOverride(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<DateOverridePayload> {
        let id = try context.businessID()
        let override = try await JSONBody.decode(DateOverridePayload.self, from: request).parse()
        do {
            try await hours.addOverride(
                id, override, audit: context.audit("closure.added", business: id, detail: ["date": override.date.description]))
        } catch StorageError.duplicate {
            throw APIError(.conflict, .conflict, "\(override.date) already has an override; delete it first", field: "date")
        } catch StorageError.missingReference {
            throw APIError.notFound("business")
        }
        return EditedResponse(status: .created, response: DateOverridePayload(override))
    }

    @Sendable func deleteOverride(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.businessID()
        guard let text = context.parameters.get("date"), let date = try? LocalDate(parsing: text, field: "date"),
            try await hours.deleteOverride(id, date: date, audit: context.audit("closure.removed", business: id, detail: ["date": date.description]))
        else {
            throw APIError.notFound("date override")
        }
        return Response(status: .noContent)
    }
}

extension HoursPayload: ResponseEncodable {}
extension DateOverridePayload: ResponseEncodable {}
