import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A business's messages: reminder lead time, its own templates (validated placeholders, defaults shown), and the
/// history of what was sent or skipped and why.
public struct NotificationsController: Sendable {
    let store: NotificationStore
    let businesses: BusinessStore

    public init(database: Database) {
        self.store = NotificationStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.historyOperation, use: history)
        business.add(Self.settingsOperation, use: settings)
        business.add(Self.updateSettingsOperation, use: update)
    }

    struct TemplateResponse: Encodable {
        var subject: String?
        var body: String
        var custom: Bool
        var placeholders: [String]
    }

    struct SettingsResponse: ResponseEncodable {
        var reminderLeadMinutes: Int?
        var bookingAlerts: [String]
        var templates: [String: TemplateResponse]
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> SettingsResponse {
        let id = try await businesses.requireExisting(context)
        return Self.render(try await store.settings(id))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> SettingsResponse {
        let id = try await businesses.requireExisting(context)
        let patch = try await JSONBody.decode(SettingsPatch.self, from: request)
        let (lead, templates) = try patch.validated()
        try await store.update(
            id, reminderLeadMinutes: lead, templates: templates, bookingAlerts: patch.bookingAlerts.map { Array(Set($0)) },
            audit: context.audit("notifications.updated", business: id))
        return Self.render(try await store.settings(id))
    }

    static func render(_ s: NotificationSettings) -> SettingsResponse {
        var templates: [String: TemplateResponse] = [:]
        for kind in NotificationKind.allCases {
            let t = s.template(kind)
            templates[kind.rawValue] = TemplateResponse(
                subject: t.subject, body: t.body, custom: s.templates[kind] != nil,
                placeholders: kind.placeholders.sorted())
        }
        return SettingsResponse(reminderLeadMinutes: s.reminderLeadMinutes, bookingAlerts: s.bookingAlerts, templates: templates)
    }

    struct HistoryEntry: Encodable {
        var id: String
        var kind: String
        var channel: String
        var recipient: String?
        var status: String
        var reason: String?
        var createdAt: Date?
    }

    struct History: ResponseEncodable { var notifications: [HistoryEntry] }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> History {
        let id = try await businesses.requireExisting(context)
        let limit = try request.pageLimit()
        let records = try await store.list(id, limit: limit)
        return History(
            notifications: records.map {
                HistoryEntry(
                    id: String($0.id ?? 0), kind: $0.kind, channel: $0.channel, recipient: $0.recipient, status: $0.status.rawValue,
                    reason: $0.reason, createdAt: $0.createdAt)
            })
    }
}

/// `{"reminder_lead_minutes": 120 | null, "templates": {"booking_confirmed": {"subject": …, "body": …} | null}}`;
/// a null template restores the built-in wording.
struct SettingsPatch: Decodable, Sendable {
    struct Template: Decodable, Sendable {
        var subject: String?
        var body: String
    }

    var reminderLeadMinutes: Tristate<Int> = .absent
    var templates: [String: Template?] = [:]
    /// Channels to be told of every new, changed and cancelled booking on (email, sms); nil leaves them as they are.
    var bookingAlerts: [String]?

    enum CodingKeys: String, CodingKey { case reminderLeadMinutes, templates, bookingAlerts }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reminderLeadMinutes = try c.tristate(Int.self, forKey: .reminderLeadMinutes)
        templates = try c.decodeIfPresent([String: Template?].self, forKey: .templates) ?? [:]
        bookingAlerts = try c.decodeIfPresent([String].self, forKey: .bookingAlerts)
    }

    func validated() throws -> (Int??, [NotificationKind: MessageTemplate?]) {
        var lead: Int??
        switch reminderLeadMinutes {
        case .absent: lead = nil
        case .null: lead = .some(nil)
        case .value(let minutes):
            guard (15 ... 10080).contains(minutes) else {
                throw APIError.validation(
                    ValidationError(field: "reminder_lead_minutes", "must be from 15 minutes to 7 days (10080), or null to turn reminders off"))
            }
            lead = .some(minutes)
        }
        var out: [NotificationKind: MessageTemplate?] = [:]
        // Dictionary keys reach us as sent (the decoder's snake_case conversion applies to fields, not to a map's keys).
        for (name, template) in templates {
            guard let kind = NotificationKind(rawValue: name) else {
                let kinds = NotificationKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.validation(ValidationError(field: "templates.\(name)", "is not a message kind; use one of \(kinds)"))
            }
            guard let template else {
                out[kind] = .some(nil)
                continue
            }
            let message = MessageTemplate(subject: template.subject, body: template.body)
            do { try message.validate(for: kind, field: "templates.\(kind.rawValue)") } catch { throw APIError.validation(error) }
            out[kind] = .some(message)
        }
        return (lead, out)
    }
}
