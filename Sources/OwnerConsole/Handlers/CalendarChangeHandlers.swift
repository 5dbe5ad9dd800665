import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A booking whose Google event the owner deleted or moved: what the booking page and Today say about it, and the
/// "put the event back" choice. The other choices are the booking page's own forms (cancel, move), so they go
/// through the engine like any other change: capacity holds and the customer is told.
extension ConsoleController {
    /// The booking page's card, when the booking is flagged and still live.
    func calendarChange(_ booking: Booking, clock: ZonedClock) async throws -> [String: Any]? {
        guard booking.status.isLive, let flag = try await calendarFlags.flag(booking.id) else { return nil }
        let old = clock.local(booking.start)
        var card: [String: Any] = ["removed": false, "moved": false, "oldWhen": "\(Self.longDate(old.date)) at \(LocalTime(minutes: old.minutes))"]
        switch flag.flag {
        case .removed:
            card["removed"] = true
            card["text"] = "This booking's event was deleted from your Google Calendar."
        case .moved:
            guard let start = flag.start else { return nil }
            let new = clock.local(start)
            let when = "\(Self.longDate(new.date)) at \(LocalTime(minutes: new.minutes))"
            card["moved"] = ["newDate": new.date.description, "newTime": LocalTime(minutes: new.minutes).description, "newWhen": when]
            card["text"] = "This booking's event was moved to \(when) in your Google Calendar."
        }
        return card
    }

    /// Today's list of flagged bookings still ahead.
    func calendarChanges(_ business: Business, clock: ZonedClock, now: Date) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        for (id, flag) in try await calendarFlags.flagged(business.id, now: now) {
            guard let (booking, _) = try await queries.get(business.id, bookingID: id) else { continue }
            let local = clock.local(booking.start)
            let change =
                switch flag.flag {
                case .removed: "its event was deleted"
                case .moved:
                    flag.start.map { start in
                        let moved = clock.local(start)
                        return "its event was moved to \(Self.longDate(moved.date)) at \(LocalTime(minutes: moved.minutes))"
                    } ?? "its event was moved"
                }
            items.append([
                "link": Self.path(business, "bookings/\(id.uuidString.lowercased())"), "name": booking.customerName ?? "(erased)",
                "when": "\(Self.longDate(local.date)) at \(LocalTime(minutes: local.minutes))", "change": change,
            ])
        }
        return items
    }

    /// "Keep the booking and put its event back": the flag is settled and the booking's calendar job writes the event
    /// again as the booking says, audited.
    @Sendable func putEventBack(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, _ in
            guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)) else { return try notFound(session) }
            let audit = AuditEntry.account(session.account.id, "booking.calendar_event_restored", business: business.id)
            guard try await calendarFlags.putEventBack(business.id, bookingID: id, audit: audit) else {
                return try await bookingPage(
                    session, business, role, id: id, status: .conflict,
                    problem: "This booking has nothing left to settle with Google Calendar: it was changed or settled already.")?
                    .response() ?? notFound(session)
            }
            return HTMLPage.redirect(Self.path(business, "bookings/\(id.uuidString.lowercased())") + "?done=event-back")
        }
    }
}
