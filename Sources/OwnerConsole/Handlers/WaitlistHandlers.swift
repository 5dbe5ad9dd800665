import Accounts
import Bookings
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The waitlist page: who waits for which day and window (and who is being offered a place), adding someone who asked
/// at the door or by phone to the team, and taking a request off. Adding goes through the agent's own use case, so the
/// same rules and the same offers apply.
extension ConsoleController {
    @Sendable func waitlistPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            try await waitlistPage(session, business, role, notice: Self.waitlistNotice(request)).response()
        }
    }

    func waitlistPage(
        _ session: AccountStore.Session, _ business: Business, _ role: AccountRole, form: FormBody? = nil, errors: [String: String] = [:],
        status: HTTPResponse.Status = .ok, notice: String? = nil
    ) async throws -> HTMLPage {
        let clock = ZonedClock(business.timezone.timeZone)
        var extra = try await dailyContext(business, role: role, open: "Waitlist")
        let entries = try await waitlist.upcoming(business.id)
        extra["entries"] = entries.map { entry -> [String: Any] in
            let from = clock.local(entry.windowStart), to = clock.local(entry.windowEnd)
            return [
                "id": entry.id.uuidString.lowercased(), "name": entry.name, "phone": entry.phone,
                "party": business.kind == .appointments ? "1 person" : "\(entry.partySize) \(entry.partySize == 1 ? "person" : "people")",
                "day": Self.longDate(from.date), "from": LocalTime(minutes: from.minutes).description,
                "to": LocalTime(minutes: to.minutes).description,
                "service": entry.service ?? false, "status": entry.status == "offered" ? "Offered a place" : "Waiting",
            ]
        }
        extra["hasEntries"] = !entries.isEmpty
        extra["holdMinutes"] = Waitlist.holdMinutes
        let today = clock.today(Date()).description
        extra["fields"] = [
            Self.field("date", "Day", type: "date", value: form?["date"] ?? today, autocomplete: "", error: errors["date"]),
            Self.field("time_from", "From", type: "time", value: form?["time_from"] ?? "", autocomplete: "", error: errors["time_from"]),
            Self.field("time_to", "Until", type: "time", value: form?["time_to"] ?? "", autocomplete: "", error: errors["time_to"]),
            Self.field("party_size", "Guests", type: "number", value: form?["party_size"] ?? "2", autocomplete: "", error: errors["party_size"]),
            Self.field("name", "Name", type: "text", value: form?["name"] ?? "", autocomplete: "off", error: errors["name"]),
            Self.field(
                "phone", "Mobile (the offer is texted)", type: "tel", value: form?["phone"] ?? "", autocomplete: "", error: errors["phone"]),
        ]
        if let notice { extra["notice"] = notice }
        return try page(
            "waitlist", title: "Waitlist", status: status, csrf: session.csrfToken, account: session.account,
            problem: errors.isEmpty ? nil : "Please correct the fields marked below.", extra: extra)
    }

    static func waitlistNotice(_ request: Request) -> String? {
        let notices = ["added": "Added to the waitlist.", "removed": "Taken off the waitlist."]
        return request.uri.queryParameters.get("done").flatMap { notices[String($0)] }
    }

    @Sendable func addToWaitlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, role, form in
            var errors: [String: String] = [:]
            let date = try? LocalDate(parsing: form["date"], field: "date")
            if date == nil { errors["date"] = "Choose the day." }
            let from = try? LocalTime(parsing: form["time_from"], field: "time_from")
            if from == nil { errors["time_from"] = "Give the earliest time, such as 19:00." }
            let to = try? LocalTime(parsing: form["time_to"], field: "time_to")
            if to == nil { errors["time_to"] = "Give the latest time, such as 21:00." }
            let party = Int(form["party_size"])
            if party.map({ (1 ... 1000).contains($0) }) != true { errors["party_size"] = "Give the number of guests." }
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            if !(1 ... 100).contains(name.count) { errors["name"] = "Give the customer's name." }
            let phone = try? PhoneNumber(form["phone"], field: "phone")
            if phone == nil { errors["phone"] = "Enter a mobile number with its country code, such as +1 212 555 0100." }
            guard errors.isEmpty, let date, let from, let to, let party, let phone, let loaded = try await rules.load(business.id, from: nil) else {
                return try await waitlistPage(session, business, role, form: form, errors: errors, status: .unprocessableContent).response()
            }
            let join = Waitlist.JoinRequest(date: date, from: from, to: to, partySize: party, service: nil, name: name, phone: phone)
            do {
                _ = try await waitlist.join(Tenant(id: business.id, rules: loaded.rules), join, idempotency: nil) { _ in [] }
            } catch let refusal as Waitlist.JoinRefusal {
                switch refusal {
                case .windowOrder: errors["time_to"] = "The latest time must not be before the earliest."
                case .past: errors["date"] = "That time has already passed."
                case .beyondHorizon: errors["date"] = "That day is further ahead than you take bookings."
                case .partyTooLarge(let most): errors["party_size"] = "Parties of up to \(most) can book."
                }
                return try await waitlistPage(session, business, role, form: form, errors: errors, status: .unprocessableContent).response()
            }
            return HTMLPage.redirect(Self.path(business, "waitlist") + "?done=added")
        }
    }

    @Sendable func removeFromWaitlist(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, _, form in
            guard let id = UUID(uuidString: form["entry_id"]),
                try await waitlist.remove(id, businessID: business.id, audit: .account(session.account.id, "waitlist.removed", business: business.id))
            else { return try notFound(session) }
            return HTMLPage.redirect(Self.path(business, "waitlist") + "?done=removed")
        }
    }
}
