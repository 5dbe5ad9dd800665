import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The day sheet: one local day's bookings in time order, grouped by start time with the covers (or staff) of each
/// (`DaySheet`), as a host stand prints it. Local days are the business's, so a DST day has 23 or 25 hours.
public struct ScheduleController: Sendable {
    let queries: OwnerBookingQueries
    let businesses: BusinessStore

    public init(database: Database) {
        self.queries = OwnerBookingQueries(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.sheetOperation, use: sheet)
    }

    struct Slot: Encodable {
        var time: String
        var startsAt: Date
        var covers: Int
        var staff: [String]
        var bookings: [OwnerBookingJSON]
    }

    struct Sheet: ResponseEncodable {
        var date: String
        var timezone: String
        var covers: Int
        var bookingsCount: Int
        var slots: [Slot]
    }

    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Sheet {
        guard let business = try await businesses.get(try context.businessID()) else { throw APIError.notFound("business") }
        guard let text = request.uri.queryParameters.get("date") else {
            throw APIError(.badRequest, .validationFailed, "date is required (YYYY-MM-DD)", field: "date")
        }
        let date = try OwnerBookingsController.queryDate(text, field: "date")
        let clock = ZonedClock(business.timezone.timeZone)
        let all = try await queries.day(business.id, date: date, clock: clock, statuses: [.pending, .confirmed, .completed, .noShow])
        let sheet = DaySheet(all, clock: clock)
        return Sheet(
            date: date.description, timezone: business.timezone.timeZone.identifier, covers: sheet.covers, bookingsCount: sheet.count,
            slots: sheet.slots.map { slot in
                Slot(
                    time: slot.time, startsAt: slot.start, covers: slot.covers, staff: slot.staff,
                    bookings: slot.bookings.map { OwnerBookingJSON($0, clock: clock) })
            })
    }
}
