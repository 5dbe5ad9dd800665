import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Where a caller who asks for a person is transferred, where messages and notices go, and the business's other
/// contact details (every optional detail `BusinessDetailField.all` declares).
extension ConsoleController {
    /// Each detail's label and input type, in an owner's words.
    static let detailLabels: [String: (label: String, type: String, autocomplete: String)] = [
        "phone": ("The business's phone number", "tel", "tel"),
        "transfer_phone": ("Transfer calls to (when a caller asks for a person)", "tel", ""),
        "email": ("Email for messages the agent takes, and notices", "email", "email"),
        "website": ("Website", "url", "url"),
        "address": ("Street address (callers are told it)", "text", ""),
    ]

    @Sendable func contactPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            var values = ["setup": request.uri.queryParameters.get("setup") ?? ""]
            for field in BusinessDetailField.all { values[field.name] = field.value(in: business.details) ?? "" }
            values["language"] = business.language.rawValue
            return try await contactPage(session, business, values: values).response()
        }
    }

    func contactPage(
        _ session: AccountStore.Session, _ business: Business, values: [String: String], status: HTTPResponse.Status = .ok,
        error: ValidationError? = nil
    ) async throws -> HTMLPage {
        var extra = try await stepContext(business, "contact", settingUp: values["setup"] == "1")
        extra["fields"] = BusinessDetailField.all.map { detail -> [String: Any] in
            let shown = Self.detailLabels[detail.name] ?? (detail.name, "text", "off")
            return Self.field(
                detail.name, shown.label, type: shown.type, value: values[detail.name] ?? "", autocomplete: shown.autocomplete,
                error: error?.field == detail.name ? Self.detailSentence(detail.name, error!) : nil, required: false)
        }
        extra["languages"] = Self.languageChoices(selected: values["language"] ?? business.language.rawValue)
        return try page(
            "setup-contact", title: "Transfers and messages", status: status, csrf: session.csrfToken, account: session.account, extra: extra)
    }

    static func detailSentence(_ name: String, _ error: ValidationError) -> String {
        switch BusinessDetailField.all.first(where: { $0.name == name })?.format {
        case .phone: "Enter a phone number with its country code, such as +1 415 555 0100."
        case .email: "Enter an email address, such as owner@example.com."
        default: sentence(error)
        }
    }

    @Sendable func saveContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            let typed = form.fields
            do {
                _ = try await businesses.update(
                    business.id, audit: .account(session.account.id, "details.updated", business: business.id)
                ) { business throws in
                    // A detail the form did not send stays as it is; one sent empty is cleared.
                    for field in BusinessDetailField.all {
                        guard let sent = typed[field.name] else { continue }
                        let text = sent.trimmingCharacters(in: .whitespacesAndNewlines)
                        try field.assign(text.isEmpty ? nil : text, to: &business.details)
                    }
                    if let language = typed["language"].flatMap(Language.init(rawValue:)) { business.language = language }
                }
            } catch let error as ValidationError {
                return try await contactPage(session, business, values: form.fields, status: .unprocessableContent, error: error).response()
            }
            return Self.afterSaving("contact", business, form)
        }
    }
}
