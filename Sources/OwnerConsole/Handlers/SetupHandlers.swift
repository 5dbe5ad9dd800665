import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The guided set-up's first step: the business itself.
extension ConsoleController {
    @Sendable func setupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        return try setupPage(session).response()
    }

    func setupPage(
        _ session: AccountStore.Session, status: HTTPResponse.Status = .ok, form: FormBody? = nil, error: (String, String)? = nil
    )
        throws -> HTMLPage
    {
        func message(_ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        let kind = form?["kind"] ?? ""
        let zone = form?["timezone"] ?? ""
        var extra: [String: Any] = [
            "kinds": [
                ("restaurant", "Tables (a restaurant)"), ("appointments", "Appointments (a salon, a clinic)"), ("tee_times", "Tee times (golf)"),
            ]
            .map { ["value": $0.0, "label": $0.1, "checked": $0.0 == kind] as [String: Any] },
            "fields": [
                Self.field("name", "Business name", type: "text", value: form?["name"] ?? "", autocomplete: "organization", error: message("name")),
                Self.field(
                    "phone", "Phone number (with country code)", type: "tel", value: form?["phone"] ?? "", autocomplete: "tel",
                    error: message("phone"), required: false),
                Self.field(
                    "address", "Street address (callers are told it)", type: "text", value: form?["address"] ?? "",
                    autocomplete: "", error: message("address"), required: false),
            ],
            "zones": TimeZone.knownTimeZoneIdentifiers.sorted().map { ["id": $0, "selected": $0 == zone] as [String: Any] },
            "languages": Self.languageChoices(selected: form?["language"] ?? Language.englishUS.rawValue),
        ]
        if let kindError = message("kind") { extra["kindError"] = kindError }
        if let zoneError = message("timezone") { extra["timezoneError"] = zoneError }
        return try page(
            "setup-business", title: "Set up your business", status: status, csrf: session.csrfToken, account: session.account,
            extra: extra)
    }

    /// Step 1 saved: the business, closed until its hours are set, owned by this account from the same transaction.
    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        func again(_ field: String, _ message: String) throws -> Response {
            try setupPage(session, status: .unprocessableContent, form: form, error: (field, message)).response()
        }
        guard let kind = BusinessKind(rawValue: form["kind"]) else { return try again("kind", "Choose how you take bookings.") }
        do {
            try Business.validateName(form["name"])
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            let phone = form["phone"].isEmpty ? nil : try PhoneNumber(form["phone"], field: "phone")
            let zone = try TimeZoneName(form["timezone"])
            var details = BusinessDetails(phone: phone)
            let address = form["address"].trimmingCharacters(in: .whitespacesAndNewlines)
            try BusinessDetailField.all.first { $0.name == "address" }?.assign(address.isEmpty ? nil : address, to: &details)
            var new = NewBusiness(
                slug: try Slug(Self.slug(for: name)), name: name, kind: kind, timezone: zone,
                details: details, policy: .defaults(for: kind))
            new.language = Language(rawValue: form["language"]) ?? .englishUS
            let (business, _) = try await businesses.create(
                new, hours: .closed, firstKey: APIKey.generate(), keyName: "console", owner: session.account.id, rulesConfirmed: false,
                audit: .account(session.account.id, "business.created", business: nil, detail: ["kind": kind.rawValue]))
            return HTMLPage.redirect(Self.path(business, "hours?setup=1"))
        } catch let error as ValidationError {
            return try again(error.field, error.field == "timezone" ? "Choose the time zone your business is in." : Self.sentence(error))
        }
    }

    /// The languages callers can be answered in, for a select.
    static func languageChoices(selected: String) -> [[String: Any]] {
        Language.allCases.map { ["value": $0.rawValue, "label": $0.name, "selected": $0.rawValue == selected] as [String: Any] }
    }

    /// A URL-safe handle from the name, made unique with a short random tail (the owner never has to choose one).
    static func slug(for name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
        let base = words.isEmpty ? "business" : String(words.prefix(50)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let tail = String((0 ..< 4).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement()! })
        return "\(base)-\(tail)"
    }
}
