import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// An appointment business's staff: who does which service, and on which days (the business's hours when none).
extension ConsoleController {
    static let staffRows = 5

    @Sendable func staffPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            guard business.kind == .appointments else { return try notFound(session) }
            let loaded = try await rules.load(business.id, from: nil)
            var values: [String: String] = ["setup": request.uri.queryParameters.get("setup") ?? ""]
            for (index, member) in (loaded?.rules.staff ?? []).prefix(Self.staffRows).enumerated() {
                let prefix = "staff_\(index + 1)"
                values["\(prefix).name"] = member.name
                for service in member.services { values["\(prefix).service.\(service)"] = "on" }
                if let hours = member.hours {
                    for day in Weekday.allCases {
                        guard let range = hours.intervals(on: day).first else { continue }
                        values["\(prefix).day.\(day.name)"] = "on"
                        values["\(prefix).opens"] = range.opens.description
                        values["\(prefix).closes"] = range.closes.description
                    }
                }
            }
            return try await staffPage(session, business, services: loaded?.rules.services ?? [], values: values).response()
        }
    }

    func staffPage(
        _ session: AccountStore.Session, _ business: Business, services: [Service], values: [String: String],
        status: HTTPResponse.Status = .ok, problem: RulesForm.Problem? = nil
    ) async throws -> HTMLPage {
        var extra = try await stepContext(business, "staff", settingUp: values["setup"] == "1")
        extra["rows"] = (1 ... Self.staffRows).map { row -> [String: Any] in
            let prefix = "staff_\(row)"
            func error(_ name: String) -> String? { problem?.field == "\(prefix).\(name)" ? problem?.message : nil }
            var entry: [String: Any] = [
                "row": row, "prefix": prefix,
                "name": Self.field(
                    "\(prefix).name", "Name", type: "text", value: values["\(prefix).name"] ?? "", autocomplete: "off", error: error("name"),
                    required: false),
                "services": services.map { service -> [String: Any] in
                    let key = "\(prefix).service.\(service.name.lowercased())"
                    return ["key": key, "label": service.name, "checked": values[key] != nil]
                },
                "days": Weekday.allCases.map { day -> [String: Any] in
                    let key = "\(prefix).day.\(day.name)"
                    return ["key": key, "label": String(day.name.capitalizingFirstLetter.prefix(3)), "checked": values[key] != nil]
                },
                "opens": Self.field(
                    "\(prefix).opens", "From", type: "time", value: values["\(prefix).opens"] ?? "", autocomplete: "off", error: error("opens"),
                    required: false),
                "closes": Self.field(
                    "\(prefix).closes", "To", type: "time", value: values["\(prefix).closes"] ?? "", autocomplete: "off", error: nil,
                    required: false),
            ]
            if let message = error("services") { entry["servicesError"] = message }
            return entry
        }
        return try page(
            "setup-staff", title: "Your team's services and days", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem.map { _ in "Please correct the row marked below." }, extra: extra)
    }

    /// Each named row becomes a staff member with the services ticked and, when days are ticked, those days' hours.
    @Sendable func saveStaff(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard business.kind == .appointments, let loaded = try await rules.load(business.id, from: nil) else { return try notFound(session) }
            func again(_ field: String, _ message: String) async throws -> Response {
                try await staffPage(
                    session, business, services: loaded.rules.services, values: form.fields, status: .unprocessableContent,
                    problem: RulesForm.Problem(field: field, message: message)
                ).response()
            }
            var staff: [StaffMember] = []
            for row in 1 ... Self.staffRows {
                let prefix = "staff_\(row)"
                let name = form["\(prefix).name"].trimmingCharacters(in: .whitespaces)
                if name.isEmpty { continue }
                let checked = Set(loaded.rules.services.map { $0.name.lowercased() }.filter { form.fields["\(prefix).service.\($0)"] != nil })
                guard !checked.isEmpty else { return try await again("\(prefix).services", "Tick at least one service \(name) does.") }
                let days = Weekday.allCases.filter { form.fields["\(prefix).day.\($0.name)"] != nil }
                var hours: WeeklyHours?
                if !days.isEmpty {
                    guard let range = try? OpeningInterval(opens: form["\(prefix).opens"], closes: form["\(prefix).closes"], field: "opens") else {
                        return try await again("\(prefix).opens", "Give the hours \(name) works on the days ticked (from and to).")
                    }
                    hours = try WeeklyHours(Dictionary(uniqueKeysWithValues: days.map { ($0, [range]) }))
                }
                do {
                    let checkedName = try ServiceRules.name(name, field: prefix, taken: staff.map(\.name))
                    staff.append(StaffMember(id: UUID(), name: checkedName, services: checked, hours: hours))
                } catch let error as ValidationError {
                    return try await again(
                        "\(prefix).name", error.message == "is listed twice" ? "This name is already listed above." : Self.sentence(error))
                }
            }
            guard !staff.isEmpty else { return try await again("staff_1.name", "Add at least one person who takes appointments.") }
            _ = try await businesses.saveRules(
                business.id, policy: business.policy, staff: staff,
                audit: .account(session.account.id, "staff.saved", business: business.id, detail: ["people": "\(staff.count)"]))
            return Self.afterSaving("staff", business, form)
        }
    }
}
