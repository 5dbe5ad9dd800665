import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Pages rendered from the templates, and the words and fields they share.
extension ConsoleController {
    func page(
        _ template: String, title: String, status: HTTPResponse.Status = .ok, csrf: String, account: Account? = nil,
        problem: String? = nil, extra: [String: Any] = [:], fields: [[String: Any]] = []
    ) throws -> HTMLPage {
        var context: [String: Any] = ["title": title, "csrf": csrf, "fields": fields]
        if let account { context["account"] = ["name": account.name] }
        if let problem { context["problem"] = problem }
        context.merge(extra) { _, new in new }
        guard let html = Templates.library.render(context, withTemplate: template) else { throw HTTPError(.internalServerError) }
        return HTMLPage(status: status, html: html)
    }

    /// A field's template values; `error` only when there is one (a nil in a Mustache context would render as "nil").
    static func field(
        _ name: String, _ label: String, type: String, value: String, autocomplete: String, error: String?, required: Bool = true
    )
        -> [String: Any]
    {
        var field: [String: Any] = ["name": name, "label": label, "type": type, "value": value, "required": required]
        // Dates, times and numbers take no autocomplete token (axe flags "off" on them).
        if !["date", "time", "number"].contains(type), !autocomplete.isEmpty { field["autocomplete"] = autocomplete }
        if let error { field["error"] = error }
        return field
    }

    static func emailField(_ value: String, error: String? = nil) -> [String: Any] {
        field("email", "Email", type: "email", value: value, autocomplete: "email", error: error)
    }

    static func passwordField(_ name: String, _ label: String, _ autocomplete: String, error: String? = nil) -> [String: Any] {
        field(name, label, type: "password", value: "", autocomplete: autocomplete, error: error)
    }

    static func signupFields(name: String = "", email: String = "", error: (String, String)? = nil) -> [[String: Any]] {
        func message(_ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        return [
            field("name", "Your name", type: "text", value: name, autocomplete: "name", error: message("name")),
            emailField(email, error: message("email")),
            passwordField("password", "Password", "new-password", error: message("password")),
        ]
    }

    /// A validation message as a sentence for an owner ("Password must be at least 10 characters.").
    static func sentence(_ error: ValidationError) -> String {
        let subject = error.field.replacingOccurrences(of: "_", with: " ").capitalizingFirstLetter
        return "\(subject) \(error.message)."
    }

    static func kindName(_ kind: BusinessKind) -> String {
        switch kind {
        case .restaurant: "Restaurant"
        case .appointments: "Appointments"
        case .teeTimes: "Golf tee times"
        }
    }
}

extension String {
    var capitalizingFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}
