import Accounts
import Bookings
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Bookings: the list with the API's filters and keyset paging, a booking's page with its history, and making,
/// moving, cancelling and restoring bookings, all through the one engine.
extension ConsoleController {
    static let pageSize = 50

    @Sendable func bookingsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters where query[String(name)] == nil { query[String(name)] = String(value) }
            return try await bookingsPage(session, business, role, query: query).response()
        }
    }

    func bookingsPage(
        _ session: AccountStore.Session, _ business: Business, _ role: AccountRole, query: [String: String] = [:],
        form: FormBody? = nil, status: HTTPResponse.Status = .ok, problem: String? = nil, choices: [[String: Any]] = []
    ) async throws -> HTMLPage {
        let clock = ZonedClock(business.timezone.timeZone)
        func q(_ name: String) -> String { query[name] ?? "" }
        var filter = BookingFilter()
        var filterProblem: String?
        if let status = BookingStatus(rawValue: q("status")) { filter.statuses = [status] }
        if let from = try? LocalDate(parsing: q("from"), field: "from") { filter.from = clock.startOfDay(from) }
        if let to = try? LocalDate(parsing: q("to"), field: "to") { filter.to = clock.startOfDay(to.adding(days: 1)) }
        if !q("phone").isEmpty {
            if let phone = try? PhoneNumber(q("phone"), field: "phone") {
                filter.phone = phone.e164
            } else {
                filterProblem = "That phone number is not one we can search for: include the country code."
            }
        }
        if !q("name").isEmpty { filter.name = String(q("name").prefix(100)) }
        if ["phone", "owner", "walk_in", "api"].contains(q("source")) { filter.source = q("source") }
        let after = BookingCursor.decode(q("after"))
        let found = filterProblem == nil ? try await queries.list(business.id, filter: filter, after: after, limit: Self.pageSize) : []
        let now = Date()
        var extra = try await dailyContext(business, role: role, open: "Bookings")
        extra["bookings"] = found.map { Self.bookingItem($0, clock: clock, base: Self.path(business), now: now) }
        extra["hasBookings"] = !found.isEmpty
        var keep = ["status": q("status"), "from": q("from"), "to": q("to"), "name": q("name"), "phone": q("phone"), "source": q("source")]
        extra["filters"] = keep
        extra["statusOptions"] =
            [("", "Any")].map { ["value": $0.0, "label": $0.1, "selected": q("status") == $0.0] as [String: Any] }
            + BookingStatus.allCases.map { ["value": $0.rawValue, "label": Self.statusWord($0), "selected": q("status") == $0.rawValue] }
        extra["sourceOptions"] = [("", "Any"), ("phone", "Phone agent"), ("owner", "The team"), ("walk_in", "Walk-in"), ("api", "API")].map {
            ["value": $0.0, "label": $0.1, "selected": q("source") == $0.0] as [String: Any]
        }
        if found.count == Self.pageSize, let last = found.last {
            keep["after"] = BookingCursor.encode(last)
            extra["nextPage"] = Self.path(business, "bookings") + "?" + Self.queryString(keep)
        }
        extra["newBooking"] = [
            Self.field("date", "Date", type: "date", value: form?["date"] ?? clock.today(now).description, autocomplete: "", error: nil),
            Self.field("time", "Time", type: "time", value: form?["time"] ?? "", autocomplete: "", error: nil),
            Self.field("party_size", "Guests", type: "number", value: form?["party_size"] ?? "2", autocomplete: "", error: nil),
            Self.field("name", "Name", type: "text", value: form?["name"] ?? "", autocomplete: "", error: nil),
            Self.field(
                "phone", "Phone (for the confirmation text)", type: "tel", value: form?["phone"] ?? "", autocomplete: "", error: nil,
                required: false),
            Self.field("service", "Service", type: "text", value: form?["service"] ?? "", autocomplete: "", error: nil, required: false),
            Self.field(
                "duration_minutes", "Length in minutes (empty: the service's usual)", type: "number", value: form?["duration_minutes"] ?? "",
                autocomplete: "", error: nil, required: false),
        ].filter { business.kind == .appointments || !["service", "duration_minutes"].contains($0["name"] as? String ?? "") }
        extra["roundChoice"] = Self.roundChoice(business, selected: form?["holes"])
        extra["choices"] = choices
        extra["hasChoices"] = !choices.isEmpty
        return try page(
            "bookings", title: "Bookings", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem ?? filterProblem, extra: extra)
    }

    static func queryString(_ values: [String: String]) -> String {
        values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    /// A booking made by the team: the engine decides; a refusal shows its reason and the nearest free times.
    @Sendable func createBooking(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, form in
            func again(_ problem: String, choices: [[String: Any]] = []) async throws -> Response {
                try await bookingsPage(session, business, role, form: form, status: .unprocessableContent, problem: problem, choices: choices)
                    .response()
            }
            guard let date = try? LocalDate(parsing: form["date"], field: "date") else { return try await again("Choose a date.") }
            guard let time = try? LocalTime(parsing: form["time"], field: "time") else { return try await again("Give the time, such as 19:30.") }
            guard let party = Int(form["party_size"]), (1 ... 1000).contains(party) else { return try await again("Give the number of guests.") }
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1 ... 100).contains(name.count) else { return try await again("Give the customer's name.") }
            var phone: PhoneNumber?
            if !form["phone"].isEmpty {
                guard let typed = try? PhoneNumber(form["phone"], field: "phone") else {
                    return try await again("Enter the phone number with its country code, such as +1 212 555 0100.")
                }
                phone = typed
            }
            guard let loaded = try await rules.load(business.id, from: nil) else { return try notFound(session) }
            let service = form["service"].isEmpty ? nil : form["service"]
            var length: Int?
            if !form["duration_minutes"].isEmpty {
                guard let minutes = Int(form["duration_minutes"]), (5 ... 1440).contains(minutes) else {
                    return try await again("Give the length in minutes, such as 45, or leave it empty.")
                }
                length = minutes
            }
            let query = SlotQuery(partySize: party, service: service, round: Self.round(form, business), durationMinutes: length)
            let new = CreateBookingRequest(date: date, time: time, query: query, name: name, phone: phone, notes: nil, source: .owner)
            let result = try await bookings.create(
                Tenant(id: business.id, rules: loaded.rules), request: new, actor: Self.actor(session), idempotency: nil, render: { _ in [] })
            guard case .fresh(let outcome, _) = result else { return try await again("That was already done.") }
            switch outcome {
            case .booked(let booking):
                return HTMLPage.redirect(Self.path(business, "bookings/\(booking.id.uuidString.lowercased())") + "?done=created")
            case .refused(let refusal, let alternatives):
                return try await again(Self.refusalText(refusal), choices: Self.alternatives(alternatives))
            default:
                return try await again("The booking could not be made.")
            }
        }
    }

    @Sendable func bookingPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)),
                let page = try await bookingPage(session, business, role, id: id, notice: Self.notice(request))
            else { return try notFound(session) }
            return try page.response()
        }
    }

    func bookingPage(
        _ session: AccountStore.Session, _ business: Business, _ role: AccountRole, id: UUID, status: HTTPResponse.Status = .ok,
        notice: String? = nil, problem: String? = nil, choices: [[String: Any]] = [], form: FormBody? = nil
    ) async throws -> HTMLPage? {
        guard let (booking, changes) = try await queries.get(business.id, bookingID: id) else { return nil }
        let clock = ZonedClock(business.timezone.timeZone)
        var extra = try await dailyContext(business, role: role, open: "Bookings")
        let item = Self.bookingItem(
            booking, clock: clock, base: Self.path(business), now: Date(), questions: business.policy.intakeQuestions)
        extra["booking"] = item
        extra["history"] = changes.map { change -> [String: Any] in
            var row: [String: Any] = [
                "action": change.action.capitalizingFirstLetter, "who": Self.actorWord(change.actorType),
                "at": change.at.formatted(
                    .dateTime.year().month().day().hour().minute().timeZone(.identifier(.short))
                        .locale(Locale(identifier: "en_GB"))),
            ]
            row["reason"] = change.reason ?? false
            return row
        }
        extra["live"] = booking.status.isLive
        extra["calendarChange"] = try await calendarChange(booking, clock: clock) ?? false
        extra["move"] = [
            Self.field("date", "New date", type: "date", value: form?["date"] ?? item["date"] as? String ?? "", autocomplete: "", error: nil),
            Self.field("time", "New time", type: "time", value: form?["time"] ?? item["time"] as? String ?? "", autocomplete: "", error: nil),
            Self.field("party_size", "Guests", type: "number", value: form?["party_size"] ?? "\(booking.partySize)", autocomplete: "", error: nil),
        ]
        extra["choices"] = choices
        extra["hasChoices"] = !choices.isEmpty
        if let notice { extra["notice"] = notice }
        return try page(
            "booking", title: "Booking \(booking.confirmationCode)", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem, extra: extra)
    }

    /// Seated, no-show, cancelled (with a reason), restored: the engine's lifecycle, its refusal shown in words.
    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, form in
            guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)), let status = BookingStatus(rawValue: form["status"]),
                let loaded = try await rules.load(business.id, from: nil)
            else { return try notFound(session) }
            let reason = form["reason"].trimmingCharacters(in: .whitespacesAndNewlines)
            let change = try await bookings.setStatus(
                Tenant(id: business.id, rules: loaded.rules), bookingID: id, to: status, reason: reason.isEmpty ? nil : String(reason.prefix(500)),
                actor: Self.actor(session))
            let back =
                form["back"] == "today"
                ? Self.path(business, "today") + "?done=status" : Self.path(business, "bookings/\(id.uuidString.lowercased())") + "?done=status"
            switch change {
            case .changed, .unchanged:
                return HTMLPage.redirect(back)
            case .notFound:
                return try notFound(session)
            case .refused(let refusal):
                return try await bookingPage(
                    session, business, role, id: id, status: .conflict, problem: "It cannot be restored. " + Self.refusalText(refusal))?
                    .response() ?? notFound(session)
            case .illegal(let from, _):
                return try await bookingPage(
                    session, business, role, id: id, status: .conflict,
                    problem: "A booking that is \(Self.statusWord(from).lowercased()) cannot become \(Self.statusWord(status).lowercased()).")?
                    .response() ?? notFound(session)
            }
        }
    }

    /// A new date, time or party size, through the engine (capacity checked against the others); when refused, the
    /// reason and the nearest free times as buttons.
    @Sendable func moveBooking(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, form in
            guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)),
                let (current, _) = try await queries.get(business.id, bookingID: id), let loaded = try await rules.load(business.id, from: nil)
            else { return try notFound(session) }
            func again(_ problem: String, choices: [[String: Any]] = []) async throws -> Response {
                try await bookingPage(session, business, role, id: id, status: .unprocessableContent, problem: problem, choices: choices, form: form)?
                    .response() ?? notFound(session)
            }
            guard let date = try? LocalDate(parsing: form["date"], field: "date") else { return try await again("Choose a date.") }
            guard let time = try? LocalTime(parsing: form["time"], field: "time") else { return try await again("Give the time, such as 19:30.") }
            let party = form["party_size"].isEmpty ? nil : Int(form["party_size"])
            if !form["party_size"].isEmpty, party.map({ (1 ... 1000).contains($0) }) != true { return try await again("Give the number of guests.") }
            let change = ModifyBookingRequest(code: current.confirmationCode, date: date, time: time, partySize: party, service: nil, notes: nil)
            let result = try await bookings.modify(
                Tenant(id: business.id, rules: loaded.rules), request: change, actor: Self.actor(session), idempotency: nil, render: { _ in [] })
            guard case .fresh(let outcome, _) = result else { return try await again("That was already done.") }
            switch outcome {
            case .modified: return HTMLPage.redirect(Self.path(business, "bookings/\(id.uuidString.lowercased())") + "?done=moved")
            case .refused(let refusal, let alternatives): return try await again(Self.refusalText(refusal), choices: Self.alternatives(alternatives))
            case .notModifiable(let status): return try await again("A booking that is \(Self.statusWord(status).lowercased()) cannot be moved.")
            default: return try notFound(session)
            }
        }
    }
}
