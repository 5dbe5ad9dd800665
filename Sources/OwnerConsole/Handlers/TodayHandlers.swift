import Accounts
import Bookings
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Today: the day sheet at the host stand (bookings by start time with covers or staff, DST nights right), a walk-in
/// seated (with the recorded capacity override), and each booking's status changed with one button.
extension ConsoleController {
    @Sendable func todayPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            let clock = ZonedClock(business.timezone.timeZone)
            let today = clock.today(Date())
            let date = request.uri.queryParameters.get("date").flatMap { try? LocalDate(parsing: String($0), field: "date") } ?? today
            return try await todayPage(session, business, role, date: date, notice: Self.notice(request)).response()
        }
    }

    func todayPage(
        _ session: AccountStore.Session, _ business: Business, _ role: AccountRole, date: LocalDate, status: HTTPResponse.Status = .ok,
        notice: String? = nil, problem: String? = nil, walkIn: FormBody? = nil, choices: [[String: Any]] = []
    ) async throws -> HTMLPage {
        let clock = ZonedClock(business.timezone.timeZone)
        let now = Date()
        let base = Self.path(business)
        let all = try await queries.day(business.id, date: date, clock: clock, statuses: [.pending, .confirmed, .completed, .noShow])
        let sheet = DaySheet(all, clock: clock)
        var extra = try await dailyContext(business, role: role, open: "Today")
        extra["day"] = Self.longDate(date)
        extra["date"] = date.description
        extra["previous"] = date.adding(days: -1).description
        extra["next"] = date.adding(days: 1).description
        extra["isToday"] = date == clock.today(now)
        extra["covers"] = sheet.covers
        extra["count"] = sheet.count
        extra["appointments"] = business.kind == .appointments
        extra["slots"] = sheet.slots.map { slot -> [String: Any] in
            [
                "time": slot.time, "covers": slot.covers, "staff": slot.staff.joined(separator: ", "),
                "bookings": slot.bookings.map { Self.bookingItem($0, clock: clock, base: base, now: now) },
            ]
        }
        extra["hasSlots"] = !sheet.slots.isEmpty
        let changes = try await calendarChanges(business, clock: clock, now: now)
        extra["calendarChanges"] = changes
        extra["hasCalendarChanges"] = !changes.isEmpty
        let waiting = try await waitlist.upcoming(business.id).filter { clock.local($0.windowStart).date == date }.count
        extra["hasWaiting"] = waiting > 0
        extra["waiting"] = waiting == 1 ? "1 request" : "\(waiting) requests"
        let ahead = try await queries.perDay(business.id, from: clock.today(now), days: 14, zone: business.timezone.timeZone)
        let unit = business.kind == .restaurant ? "covers" : business.kind == .teeTimes ? "players" : "bookings"
        let values = ahead.map {
            BarChart.Bar(label: String(Self.longDate($0.date).prefix(3)) + " \($0.date.day)", value: unit == "bookings" ? $0.bookings : $0.covers)
        }
        extra["chart"] =
            BarChart(
                title: "The next two weeks, \(unit) per day", bars: values,
                summary: "\(values.reduce(0) { $0 + $1.value }) \(unit) over the next 14 days; the busiest day has \(values.map(\.value).max() ?? 0)."
            ).svg
        extra["back"] = "today"
        // Only a page got by GET refreshes itself (reloading the answer to a form would post it again).
        extra["refresh"] = status == .ok
        // The next start on the business's grid strictly after now (one in the current minute has already begun): the
        // engine books on the grid, and never in the past.
        let interval = business.policy.slotIntervalMinutes
        let defaultTime = LocalTime(minutes: min((clock.local(now).minutes / interval + 1) * interval, 1440 - interval)).description
        extra["walkIn"] = [
            Self.field(
                "party_size", business.kind == .appointments ? "Clients" : "Guests", type: "number", value: walkIn?["party_size"] ?? "2",
                autocomplete: "", error: nil),
            Self.field("name", "Name", type: "text", value: walkIn?["name"] ?? "Walk-in", autocomplete: "", error: nil),
            Self.field("time", "Time", type: "time", value: walkIn?["time"] ?? defaultTime, autocomplete: "", error: nil),
        ]
        extra["override"] = walkIn?["override_capacity"] == "on"
        extra["roundChoice"] = Self.roundChoice(business, selected: walkIn?["holes"])
        extra["choices"] = choices
        extra["hasChoices"] = !choices.isEmpty
        if let notice { extra["notice"] = notice }
        return try page(
            "today", title: "Today", status: status, csrf: session.csrfToken, account: session.account, problem: problem, extra: extra)
    }

    /// A walk-in seated now (or at the time given), through the engine; a full slot only with the override ticked,
    /// recorded on the booking.
    @Sendable func walkIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, form in
            let clock = ZonedClock(business.timezone.timeZone)
            let date = clock.today(Date())
            func again(_ problem: String, choices: [[String: Any]] = []) async throws -> Response {
                try await todayPage(
                    session, business, role, date: date, status: .unprocessableContent, problem: problem, walkIn: form, choices: choices
                ).response()
            }
            guard let party = Int(form["party_size"]), (1 ... 1000).contains(party) else { return try await again("Give the number of guests.") }
            guard let time = try? LocalTime(parsing: form["time"], field: "time") else { return try await again("Give the time, such as 19:30.") }
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard let loaded = try await rules.load(business.id, from: nil) else { return try notFound(session) }
            let new = CreateBookingRequest(
                date: date, time: time, query: SlotQuery(partySize: party, round: Self.round(form, business)),
                name: name.isEmpty ? "Walk-in" : String(name.prefix(100)),
                phone: nil, notes: nil, source: .walkIn, overrideCapacity: form["override_capacity"] == "on")
            let result = try await bookings.create(
                Tenant(id: business.id, rules: loaded.rules), request: new, actor: Self.actor(session), idempotency: nil, render: { _ in [] })
            guard case .fresh(let outcome, _) = result else { return try await again("That was already done.") }
            switch outcome {
            case .booked(let booking):
                let overridden = booking.options["override"] == "capacity"
                return HTMLPage.redirect(Self.path(business, "today") + "?done=walk-in" + (overridden ? "-override" : ""))
            case .refused(let refusal, let alternatives):
                let hint = refusal == .slotTaken ? " Tick “Seat anyway” to seat them over capacity." : ""
                return try await again(Self.refusalText(refusal) + hint, choices: Self.alternatives(alternatives))
            default:
                return try await again("The walk-in could not be seated.")
            }
        }
    }

    /// The confirmation a page shows after a change, from a fixed list (no text from the URL is shown).
    static func notice(_ request: Request) -> String? {
        let notices = [
            "walk-in": "Walk-in seated.", "walk-in-override": "Walk-in seated over capacity; the override is recorded on the booking.",
            "status": "Booking updated.", "moved": "Booking moved; the customer is told.", "created": "Booking made.",
            "handled": "Message marked handled.", "event-back": "The booking stays as it is; its event is being put back in Google Calendar.",
        ]
        return request.uri.queryParameters.get("done").flatMap { notices[String($0)] }
    }
}
