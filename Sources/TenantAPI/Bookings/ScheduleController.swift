import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The day sheet: one local day's bookings in time order, grouped by start time with the covers (or staff) of each,
/// as a host stand prints it. Local days are the business's, so a DST day has 23 or 25 hours.
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
        var filter = BookingFilter()
        filter.statuses = [.pending, .confirmed, .completed, .noShow]
        filter.from = clock.startOfDay(date)
        filter.to = clock.startOfDay(date.adding(days: 1))
        var all: [Booking] = []
        var after: (Date, UUID)?
        repeat {
            let page = try await queries.list(business.id, filter: filter, after: after, limit: 500)
            all += page
            after = page.count == 500 ? page.last.map { ($0.start, $0.id) } : nil
        } while after != nil
        // Grouped by instant, not wall time: the two 01:30s of an autumn night are two slots.
        var slots: [Slot] = []
        for booking in all {
            let json = OwnerBookingJSON(booking, clock: clock)
            let covers = booking.status == .noShow ? 0 : booking.partySize
            if var last = slots.last, last.startsAt == booking.start {
                last.covers += covers
                if let staff = booking.staffName, !last.staff.contains(staff) { last.staff.append(staff) }
                last.bookings.append(json)
                slots[slots.count - 1] = last
            } else {
                slots.append(
                    Slot(
                        time: json.localTime, startsAt: booking.start, covers: covers, staff: booking.staffName.map { [$0] } ?? [],
                        bookings: [json]))
            }
        }
        return Sheet(
            date: date.description, timezone: business.timezone.timeZone.identifier, covers: slots.reduce(0) { $0 + $1.covers },
            bookingsCount: all.count, slots: slots)
    }
}
