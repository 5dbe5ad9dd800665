import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Owners' settings beyond the set-up: API keys (a new secret shown once), the customer messages' wording and the
/// reminder's lead time (each previewed as the customer will read it), Google Calendar's calendar and busy times,
/// and what was sent.
extension ConsoleController {
    // MARK: API keys

    @Sendable func keysPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in try await keysPage(session, business).response() }
    }

    func keysPage(
        _ session: AccountStore.Session, _ business: Business, secret: String? = nil, status: HTTPResponse.Status = .ok, error: String? = nil
    ) async throws -> HTMLPage {
        let list = try await keys.list(businessID: business.id)
        var extra = try await dailyContext(business, role: .owner, open: "Settings")
        extra["keys"] = list.map { key -> [String: Any] in
            [
                "id": key.id.uuidString.lowercased(), "name": key.name, "prefix": key.displayPrefix,
                "created": Self.localStamp(key.createdAt, business.timezone.timeZone),
                "lastUsed": key.lastUsedAt.map { Self.localStamp($0, business.timezone.timeZone) } ?? "never",
                "revoked": key.revokedAt != nil,
            ]
        }
        extra["secret"] = secret ?? false
        extra["nameField"] = Self.field("name", "What the key is for", type: "text", value: "", autocomplete: "", error: error)
        return try page("keys", title: "API keys", status: status, csrf: session.csrfToken, account: session.account, extra: extra)
    }

    /// A new key: its secret is on this one answer only (stored as a hash), never shown again.
    @Sendable func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1 ... 100).contains(name.count) else {
                return try await keysPage(session, business, status: .unprocessableContent, error: "Say what the key is for, such as “website”.")
                    .response()
            }
            let key = APIKey.generate()
            _ = try await keys.create(
                businessID: business.id, key: key, name: name, audit: .account(session.account.id, "api_key.created", business: business.id))
            var page = try await keysPage(session, business, secret: key.token)
            page.status = .created
            return page.response()
        }
    }

    @Sendable func revokeKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard let id = UUID(uuidString: form["key_id"]),
                try await keys.revoke(
                    businessID: business.id, keyID: id, audit: .account(session.account.id, "api_key.revoked", business: business.id)) != nil
            else { return try notFound(session) }
            return HTMLPage.redirect(Self.path(business, "keys"))
        }
    }

    // MARK: customer messages

    @Sendable func messagesSettingsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            try await messagesSettingsPage(session, business, saved: request.uri.queryParameters.get("saved") != nil).response()
        }
    }

    /// The customer-facing kinds an owner words, each with the built-in text as a starting point.
    static let customerKinds: [(NotificationKind, String)] = [
        (.bookingConfirmed, "Confirmation"), (.bookingChanged, "Change"), (.bookingCancelled, "Cancellation"), (.bookingReminder, "Reminder"),
    ]

    func messagesSettingsPage(
        _ session: AccountStore.Session, _ business: Business, saved: Bool = false, typed: FormBody? = nil, status: HTTPResponse.Status = .ok,
        error: (String, String)? = nil
    ) async throws -> HTMLPage {
        let settings = try await notifications.settings(business.id)
        // A sample booking two days ahead, as the customer would read each message about it.
        let sample = Self.sampleBooking(business)
        let values = NotificationValues.booking(sample, business: business, now: Date())
        var extra = try await dailyContext(business, role: .owner, open: "Settings")
        extra["kinds"] = Self.customerKinds.map { kind, label -> [String: Any] in
            let current = settings.template(kind)
            let body = typed?.fields["\(kind.rawValue).body"] ?? current.body
            let subject = typed?.fields["\(kind.rawValue).subject"] ?? current.subject ?? ""
            let preview = MessageTemplate(subject: subject.isEmpty ? nil : subject, body: body).render(values)
            var item: [String: Any] = [
                "kind": kind.rawValue, "label": label, "body": body, "subject": subject, "preview": preview.body,
                "previewSubject": preview.subject.flatMap { $0.isEmpty ? nil : $0 } ?? false,
                "placeholders": kind.placeholders.sorted().map { "{\($0)}" }.joined(separator: " "),
                "custom": settings.templates[kind] != nil,
            ]
            item["error"] = error.flatMap { $0.0.hasPrefix("templates.\(kind.rawValue)") ? $0.1 : nil } ?? false
            return item
        }
        let lead = typed?["reminder_hours"] ?? settings.reminderLeadMinutes.map { String($0 / 60) } ?? ""
        extra["leadField"] = Self.field(
            "reminder_hours", "Send the reminder this many hours before (empty: no reminder)", type: "number", value: lead, autocomplete: "",
            error: error?.0 == "reminder_hours" ? error?.1 : nil, required: false)
        let alerts = typed.map { form in ["email", "sms"].filter { form["alert_\($0)"] == "on" } } ?? settings.bookingAlerts
        extra["alerts"] =
            [
                [
                    "channel": "email", "checked": alerts.contains("email"),
                    "label": business.email.map { "By email to \($0)" } ?? "By email (add the business's email address under Transfers and messages)",
                ],
                [
                    "channel": "sms", "checked": alerts.contains("sms"),
                    "label": business.transferPhone.map { "By text to \($0.e164)" }
                        ?? "By text (add a transfer phone under Transfers and messages)",
                ],
            ] as [[String: Any]]
        if saved { extra["notice"] = "Saved. New messages use this wording." }
        return try page(
            "message-settings", title: "Customer messages", status: status, csrf: session.csrfToken, account: session.account, extra: extra)
    }

    static func sampleBooking(_ business: Business) -> Booking {
        let clock = ZonedClock(business.timezone.timeZone)
        let date = clock.today(Date()).adding(days: 2)
        let start = clock.instant(date, minutes: 19 * 60) ?? Date()
        return Booking(
            id: UUID(), businessID: business.id, confirmationCode: "K7M2QX", status: .confirmed, start: start, end: start.addingTimeInterval(5400),
            partySize: 4, customerName: "Alex", customerPhone: nil, notes: nil, service: business.kind == .appointments ? "Haircut" : nil,
            staffID: nil, staffName: nil, options: [:], source: .phone, callID: nil, createdAt: Date(), updatedAt: Date())
    }

    /// The wording as typed, checked like the API's (unknown placeholders refused beside their message), saved together.
    @Sendable func saveMessagesSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            func again(_ field: String, _ message: String) async throws -> Response {
                try await messagesSettingsPage(session, business, typed: form, status: .unprocessableContent, error: (field, message)).response()
            }
            var lead: Int?? = .some(nil)
            if !form["reminder_hours"].isEmpty {
                guard let hours = Int(form["reminder_hours"]), (1 ... 168).contains(hours) else {
                    return try await again("reminder_hours", "Give a whole number of hours from 1 to 168 (a week), or leave it empty.")
                }
                lead = .some(hours * 60)
            }
            var templates: [NotificationKind: MessageTemplate?] = [:]
            for (kind, _) in Self.customerKinds {
                // A message the form did not send stays as it is.
                guard let body = form.fields["\(kind.rawValue).body"] else { continue }
                let subject = form["\(kind.rawValue).subject"]
                let template = MessageTemplate(subject: subject.isEmpty ? nil : subject, body: body)
                if template == .builtIn(kind, language: business.language) {
                    templates[kind] = .some(nil)
                    continue
                }
                do { try template.validate(for: kind, field: "templates.\(kind.rawValue)") } catch let error as ValidationError {
                    return try await again(error.field, error.message.capitalizingFirstLetter + ".")
                }
                templates[kind] = .some(template)
            }
            // The alert boxes are read only when the form showed them (an unticked box is simply absent).
            let alerts = form.fields["alerts_shown"] != nil ? ["email", "sms"].filter { form["alert_\($0)"] == "on" } : nil
            try await notifications.update(
                business.id, reminderLeadMinutes: lead, templates: templates, bookingAlerts: alerts,
                audit: .account(session.account.id, "notifications.updated", business: business.id))
            return HTMLPage.redirect(Self.path(business, "message-settings") + "?saved=1")
        }
    }

    // MARK: what was sent

    @Sendable func sentPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            let records = try await notifications.list(business.id, limit: 200)
            var extra = try await dailyContext(business, role: .owner, open: "Settings")
            extra["sent"] = records.map { record -> [String: Any] in
                [
                    "kind": record.kind.replacingOccurrences(of: "_", with: " ").capitalizingFirstLetter,
                    "channel": ["sms": "Text", "email": "Email"][record.channel] ?? "–",
                    "to": record.recipient ?? "–", "status": record.status.rawValue.capitalizingFirstLetter, "reason": record.reason ?? false,
                    "at": record.createdAt.map { Self.localStamp($0, business.timezone.timeZone) } ?? "",
                ]
            }
            extra["hasSent"] = !records.isEmpty
            return try page("sent", title: "What was sent", csrf: session.csrfToken, account: session.account, extra: extra).response()
        }
    }

    // MARK: Google Calendar settings

    /// Which calendar bookings go to, and whether busy times there block appointments.
    @Sendable func googleSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            let calendarID = form["calendar_id"].trimmingCharacters(in: .whitespaces)
            guard !calendarID.isEmpty, calendarID.count <= 254, !calendarID.contains(where: \.isWhitespace),
                try await calendars.get(business.id)?.status == .connected
            else { return HTMLPage.redirect(Self.path(business) + "?google=not_connected") }
            try await calendars.updateSettings(
                business.id, calendarID: calendarID, busyTimesEnabled: form["busy_times"] == "on",
                audit: .account(session.account.id, "google.settings", business: business.id))
            forgetBusyTimes(business.id)
            return HTMLPage.redirect(Self.path(business) + "?saved=google")
        }
    }
}
