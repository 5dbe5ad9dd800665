import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Holiday closures and special days: the dates that differ from the weekly hours.
extension ConsoleController {
    @Sendable func closuresPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            try await closuresPage(session, business, form: nil, settingUp: request.uri.queryParameters.get("setup") == "1").response()
        }
    }

    func closuresPage(
        _ session: AccountStore.Session, _ business: Business, form: FormBody?, settingUp: Bool, status: HTTPResponse.Status = .ok,
        error: (String, String)? = nil, notice: String? = nil
    ) async throws -> HTMLPage {
        let clock = ZonedClock(business.timezone.timeZone)
        let today = clock.today(Date())
        let upcoming = try await hours.overrides(business.id, from: today)
        var extra = try await stepContext(business, "closures", settingUp: settingUp)
        extra["closures"] = upcoming.map { o -> [String: Any] in
            [
                "date": o.date.description, "day": Self.longDate(o.date),
                "what": o.closed ? "Closed" : "Open " + o.intervals.map { "\($0.opens)–\($0.closes)" }.joined(separator: ", "),
                "reason": o.reason ?? "",
            ]
        }
        extra["hasClosures"] = !upcoming.isEmpty
        func message(_ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        extra["fields"] = [
            Self.field("date", "Date", type: "date", value: form?["date"] ?? "", autocomplete: "off", error: message("date")),
            Self.field(
                "reason", "Reason (callers hear it)", type: "text", value: form?["reason"] ?? "", autocomplete: "off", error: message("reason"),
                required: false),
        ]
        extra["hoursFields"] = [
            Self.field(
                "opens", "Opens (leave empty when closed all day)", type: "time", value: form?["opens"] ?? "", autocomplete: "off",
                error: message("opens"), required: false),
            Self.field("closes", "Closes", type: "time", value: form?["closes"] ?? "", autocomplete: "off", error: nil, required: false),
        ]
        if let notice { extra["notice"] = notice }
        return try page(
            "setup-closures", title: "Holidays and special days", status: status, csrf: session.csrfToken, account: session.account,
            extra: extra)
    }

    /// A date closed all day, or open only during the hours given; never a date already past.
    @Sendable func addClosure(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            let settingUp = form["setup"] == "1"
            func again(_ field: String, _ message: String) async throws -> Response {
                try await closuresPage(session, business, form: form, settingUp: settingUp, status: .unprocessableContent, error: (field, message))
                    .response()
            }
            guard let date = try? LocalDate(parsing: form["date"], field: "date") else { return try await again("date", "Choose a date.") }
            guard date >= ZonedClock(business.timezone.timeZone).today(Date()) else {
                return try await again("date", "That date has passed. Choose today or a later date.")
            }
            let reason = form["reason"].trimmingCharacters(in: .whitespacesAndNewlines)
            let (opens, closes) = (form["opens"], form["closes"])
            let override: DateOverride
            do {
                let intervals =
                    opens.isEmpty && closes.isEmpty ? [] : [try OpeningInterval(opens: opens, closes: closes, field: "opens")]
                override = try DateOverride(date: date, closed: intervals.isEmpty, intervals: intervals, reason: reason.isEmpty ? nil : reason)
            } catch let error as ValidationError {
                let field = error.field == "reason" ? "reason" : "opens"
                return try await again(field, field == "reason" ? Self.sentence(error) : "Give both an opening and a closing time, or neither.")
            }
            do {
                try await hours.addOverride(
                    business.id, override,
                    audit: .account(session.account.id, "closure.added", business: business.id, detail: ["date": date.description]))
            } catch StorageError.duplicate {
                return try await again("date", "That date is already on the list. Remove it first to change it.")
            }
            return HTMLPage.redirect(Self.path(business, "closures") + (settingUp ? "?setup=1" : ""))
        }
    }

    @Sendable func deleteClosure(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            if let date = try? LocalDate(parsing: form["date"], field: "date") {
                _ = try await hours.deleteOverride(
                    business.id, date: date,
                    audit: .account(session.account.id, "closure.removed", business: business.id, detail: ["date": date.description]))
            }
            return HTMLPage.redirect(Self.path(business, "closures") + (form["setup"] == "1" ? "?setup=1" : ""))
        }
    }

    /// "Friday 25 December 2026", as an owner reads a date.
    static func longDate(_ date: LocalDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE d MMMM yyyy"
        return ZonedClock(TimeZone(identifier: "UTC")!).instant(date, minutes: 720).map { formatter.string(from: $0) } ?? date.description
    }
}
