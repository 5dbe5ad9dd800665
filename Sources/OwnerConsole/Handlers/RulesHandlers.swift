import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The booking rules of the business's kind: covers and turn times, tee interval and players, or services.
extension ConsoleController {
    @Sendable func rulesPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            let loaded = try await rules.load(business.id, from: nil)
            var values: [String: String] = ["setup": request.uri.queryParameters.get("setup") ?? ""]
            for field in RuleField.fields(for: business.kind) { values[field.name] = field.read(business.policy).map(String.init) ?? "" }
            let sized = business.policy.turnTimes.filter { $0.maxPartySize != nil }
            for (index, turn) in sized.prefix(RulesForm.turnRows).enumerated() {
                values["turn_\(index + 1)_size"] = turn.maxPartySize.map(String.init) ?? ""
                values["turn_\(index + 1)_minutes"] = String(turn.minutes)
            }
            values["turn_last_minutes"] = String(
                business.policy.turnTimes.last { $0.maxPartySize == nil }?.minutes ?? business.policy.defaultDurationMinutes)
            for (index, service) in (loaded?.rules.services ?? []).prefix(RulesForm.serviceRows).enumerated() {
                let prefix = "service_\(index + 1)"
                values["\(prefix).name"] = service.name
                values["\(prefix).duration_minutes"] = String(service.durationMinutes)
                values["\(prefix).buffer_before_minutes"] = String(service.bufferBeforeMinutes)
                values["\(prefix).buffer_after_minutes"] = String(service.bufferAfterMinutes)
                values["\(prefix).durations"] = service.durations.filter { $0 != service.durationMinutes }.map(String.init)
                    .joined(separator: ", ")
            }
            for round in business.policy.roundTypes {
                let prefix = "round_\(round.holes.rawValue)"
                values["\(prefix).minutes"] = String(round.minutes)
                values["\(prefix).price"] = round.rates.first.map { Price(cents: $0.priceCents, currency: business.policy.currency).plain }
                if round.rates.count > 1 {
                    values["\(prefix).twilight_from"] = LocalTime(minutes: round.rates[1].fromMinutes).description
                    values["\(prefix).twilight_price"] = Price(cents: round.rates[1].priceCents, currency: business.policy.currency).plain
                }
            }
            for (index, question) in business.policy.intakeQuestions.enumerated() {
                values["intake_\(index + 1).label"] = question.label
                values["intake_\(index + 1).choices"] = question.choices.joined(separator: ", ")
                values["intake_\(index + 1).required"] = question.required ? "yes" : "no"
            }
            return try await rulesPage(session, business, values: values).response()
        }
    }

    func rulesPage(
        _ session: AccountStore.Session, _ business: Business, values: [String: String], status: HTTPResponse.Status = .ok,
        problem: RulesForm.Problem? = nil
    ) async throws -> HTMLPage {
        func error(_ name: String) -> String? { problem?.field == name ? problem?.message : nil }
        func box(_ name: String, _ label: String, required: Bool = true) -> [String: Any] {
            Self.field(name, label, type: "number", value: values[name] ?? "", autocomplete: "off", error: error(name), required: required)
        }
        func text(_ name: String, _ label: String) -> [String: Any] {
            Self.field(name, label, type: "text", value: values[name] ?? "", autocomplete: "off", error: error(name), required: false)
        }
        var extra = try await stepContext(business, "rules", settingUp: values["setup"] == "1")
        extra["fields"] = RuleField.fields(for: business.kind).filter { $0.choices.isEmpty }.map { box($0.name, $0.label) }
        extra["choices"] = RuleField.fields(for: business.kind).filter { !$0.choices.isEmpty }.map { field -> [String: Any] in
            let current = values[field.name] ?? ""
            var choice: [String: Any] = [
                "name": field.name, "label": field.label,
                "options": field.choices.map { ["value": String($0), "selected": String($0) == current] as [String: Any] },
            ]
            if let message = error(field.name) { choice["error"] = message }
            return choice
        }
        extra["restaurant"] = business.kind == .restaurant
        extra["appointments"] = business.kind == .appointments
        extra["teeTimes"] = business.kind == .teeTimes
        extra["turns"] = (1 ... RulesForm.turnRows).map { row -> [String: Any] in
            [
                "size": box("turn_\(row)_size", "Parties of up to (guests)", required: false),
                "minutes": box("turn_\(row)_minutes", "stay (minutes)", required: false),
            ]
        }
        extra["turnLast"] = box("turn_last_minutes", "Larger parties stay (minutes)")
        extra["services"] = (1 ... RulesForm.serviceRows).map { row -> [String: Any] in
            let prefix = "service_\(row)"
            return [
                "row": row,
                "cells": [
                    box("\(prefix).name", "Service \(row)", required: false).merging(["type": "text"]) { _, new in new },
                    box("\(prefix).duration_minutes", "Length (minutes)", required: false),
                    box("\(prefix).buffer_before_minutes", "Time before (minutes)", required: false),
                    box("\(prefix).buffer_after_minutes", "Time after (minutes)", required: false),
                    text("\(prefix).durations", "Other lengths a client may choose (minutes, e.g. 15, 30, 45)"),
                ],
            ]
        }
        extra["rounds"] = RoundType.Holes.allCases.reversed().map { holes -> [String: Any] in
            let prefix = "round_\(holes.rawValue)"
            return [
                "legend": holes.spoken.capitalized,
                "cells": [
                    box("\(prefix).minutes", "A round takes (minutes)", required: false),
                    text("\(prefix).price", "Price per player"),
                    Self.field(
                        "\(prefix).twilight_from", "Twilight price from", type: "time", value: values["\(prefix).twilight_from"] ?? "",
                        autocomplete: "off", error: error("\(prefix).twilight_from"), required: false),
                    text("\(prefix).twilight_price", "Twilight price per player"),
                ],
            ]
        }
        extra["intake"] = (1 ... RulesForm.intakeRows).map { row -> [String: Any] in
            let prefix = "intake_\(row)"
            return [
                "row": row, "prefix": prefix, "required": values["\(prefix).required"] == "yes",
                "cells": [
                    text("\(prefix).label", "Question \(row)"),
                    text("\(prefix).choices", "Choices"),
                ],
            ]
        }
        return try page(
            "setup-rules", title: "Booking rules", status: status, csrf: session.csrfToken, account: session.account,
            problem: problem.map { _ in "Please correct the field marked below." }, extra: extra)
    }

    /// The rules as typed, checked like the API's, saved with the services (appointments) in one audited transaction.
    @Sendable func saveRules(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            let typed = RulesForm(form: form, kind: business.kind)
            do {
                let policy = try typed.policy(from: business.policy)
                let services = business.kind == .appointments ? try typed.services() : nil
                _ = try await businesses.saveRules(
                    business.id, policy: policy, services: services,
                    audit: .account(session.account.id, "rules.saved", business: business.id))
            } catch let problem as RulesForm.Problem {
                return try await rulesPage(session, business, values: form.fields, status: .unprocessableContent, problem: problem).response()
            }
            return Self.afterSaving("rules", business, form)
        }
    }
}
