import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A business's weekly hours (the set-up's second step, and later its settings).
extension ConsoleController {
    @Sendable func hoursPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            let weekly = try await hours.weekly(business.id)
            var values: [String: String] = ["setup": request.uri.queryParameters.get("setup") ?? ""]
            for day in Weekday.allCases {
                for (index, range) in weekly.intervals(on: day).prefix(2).enumerated() {
                    values["\(day.name)_\(index + 1)_opens"] = range.opens.description
                    values["\(day.name)_\(index + 1)_closes"] = range.closes.description
                }
            }
            return try await hoursPage(session, business, values: values).response()
        }
    }

    func hoursPage(
        _ session: AccountStore.Session, _ business: Business, values: [String: String], status: HTTPResponse.Status = .ok,
        error: (String, String)? = nil, problem: String? = nil
    ) async throws -> HTMLPage {
        let days: [[String: Any]] = Weekday.allCases.map { day in
            let ranges: [[String: Any]] = (1 ... 2).map { n in
                let id = "\(day.name)_\(n)"
                var range: [String: Any] = [
                    "id": id, "opens": values["\(id)_opens"] ?? "", "closes": values["\(id)_closes"] ?? "",
                ]
                range["label"] = n == 1 ? day.name.capitalizingFirstLetter : "\(day.name.capitalizingFirstLetter) (second range)"
                if let error, error.0 == id { range["error"] = error.1 }
                return range
            }
            return ["label": day.name.capitalizingFirstLetter, "ranges": ranges]
        }
        var extra = try await stepContext(business, "hours", settingUp: values["setup"] == "1")
        extra["days"] = days
        return try page(
            "setup-hours", title: "Opening hours", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem, extra: extra)
    }

    /// The week as typed: each filled range checked (a time, not zero length), then the whole week (no overlap).
    @Sendable func saveHours(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            var days: [Weekday: [OpeningInterval]] = [:]
            for day in Weekday.allCases {
                for n in 1 ... 2 {
                    let id = "\(day.name)_\(n)"
                    let (opens, closes) = (form["\(id)_opens"], form["\(id)_closes"])
                    if opens.isEmpty && closes.isEmpty { continue }
                    do {
                        guard !opens.isEmpty, !closes.isEmpty else { throw ValidationError(field: id, "needs both an opening and a closing time") }
                        days[day, default: []].append(try OpeningInterval(opens: opens, closes: closes, field: id))
                    } catch let error as ValidationError {
                        let label = "\(day.name.capitalizingFirstLetter)\(n == 2 ? ", second range" : "")"
                        let text = error.message.prefix(1).uppercased() + error.message.dropFirst()
                        return try await hoursPage(
                            session, business, values: form.fields, status: .unprocessableContent, error: (id, "\(label): \(text).")
                        ).response()
                    }
                }
            }
            do {
                let week = try WeeklyHours(days)
                let audit = AuditEntry.account(session.account.id, "hours.replaced", business: business.id, detail: ["days_open": "\(days.count)"])
                _ = try await hours.replaceWeekly(business.id, week, audit: audit)
            } catch let error as ValidationError {
                return try await hoursPage(
                    session, business, values: form.fields, status: .unprocessableContent,
                    problem: "Two ranges overlap (\(error.message)). Change one of them."
                ).response()
            }
            return Self.afterSaving("hours", business, form)
        }
    }
}
