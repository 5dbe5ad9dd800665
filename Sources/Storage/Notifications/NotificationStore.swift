import Domain
import Foundation
import PostgresNIO

/// One line of the notification history: what was sent, or skipped and why, to a masked recipient.
public struct NotificationRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case sent, skipped, failed }
    public var id: Int64?
    public var businessID: UUID?
    public var jobID: Int64?
    public var kind: String
    public var channel: String
    public var recipient: String?
    public var status: Status
    public var reason: String?
    public var providerID: String?
    public var createdAt: Date?

    public init(
        businessID: UUID?, jobID: Int64?, kind: String, channel: String, recipient: String?, status: Status,
        reason: String?, providerID: String? = nil
    ) {
        self.businessID = businessID
        self.jobID = jobID
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        self.status = status
        self.reason = reason
        self.providerID = providerID
    }
}

/// A business's notification settings: reminder lead time and its own templates (absent kinds use the built-in ones).
public struct NotificationSettings: Sendable, Equatable {
    public var reminderLeadMinutes: Int?
    public var templates: [NotificationKind: MessageTemplate]
    /// The channels (email, sms) the owner asked to be told of every booking change on; empty: none.
    public var bookingAlerts: [String]
    /// The business's language: the built-in customer messages are in it.
    public var language: Language = .englishUS

    public init(reminderLeadMinutes: Int?, templates: [NotificationKind: MessageTemplate], bookingAlerts: [String] = []) {
        self.bookingAlerts = bookingAlerts
        self.reminderLeadMinutes = reminderLeadMinutes
        self.templates = templates
    }

    public func template(_ kind: NotificationKind) -> MessageTemplate { templates[kind] ?? .builtIn(kind, language: language) }
}

/// The message taken by the agent, as an owner notice needs it.
public struct TakenMessage: Sendable {
    public var callerName: String?
    public var callerPhone: String?
    public var body: String
    public var urgent: Bool
    public var createdAt: Date
}

/// The call an owner notice is about.
public struct CallSummary: Sendable {
    public var fromNumber: String?
    public var summary: String?
    public var outcome: String?
    public var at: Date
}

/// Templates, reminder settings and the notification history; the lookups the notification jobs need.
public struct NotificationStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func settings(_ businessID: UUID) async throws -> NotificationSettings {
        var lead: Int?
        var alerts: [String] = []
        var language = Language.englishUS
        for try await (value, channels, tag) in try await database.query(
            "SELECT reminder_lead_minutes, booking_alerts, language FROM businesses WHERE id = \(businessID)"
        ).decode((Int?, [String], String).self) {
            lead = value
            alerts = channels
            language = Language(rawValue: tag) ?? .englishUS
        }
        var templates: [NotificationKind: MessageTemplate] = [:]
        for try await (kind, subject, body) in try await database.query(
            "SELECT kind, subject, body FROM message_templates WHERE business_id = \(businessID)"
        ).decode((String, String?, String).self) {
            if let kind = NotificationKind(rawValue: kind) { templates[kind] = MessageTemplate(subject: subject, body: body) }
        }
        var settings = NotificationSettings(reminderLeadMinutes: lead, templates: templates, bookingAlerts: alerts)
        settings.language = language
        return settings
    }

    /// Replaces the lead time and the templates named in `templates` (a nil template restores the built-in one), in one transaction.
    public func update(
        _ businessID: UUID, reminderLeadMinutes: Int??, templates: [NotificationKind: MessageTemplate?], bookingAlerts: [String]? = nil,
        audit: AuditEntry? = nil
    ) async throws {
        try await database.transaction { session in
            try await AuditSQL.record(audit?.about(businessID), in: session)
            let logger = database.logger
            if let lead = reminderLeadMinutes {
                try await session.query(
                    "UPDATE businesses SET reminder_lead_minutes = \(lead), updated_at = now() WHERE id = \(businessID)")
            }
            if let bookingAlerts {
                try await session.query(
                    "UPDATE businesses SET booking_alerts = \(bookingAlerts.sorted()), updated_at = now() WHERE id = \(businessID)")
            }
            for (kind, template) in templates.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if let template {
                    try await session.query(
                        """
                        INSERT INTO message_templates (business_id, kind, subject, body) VALUES (\(businessID), \(kind.rawValue),
                        \(template.subject), \(template.body))
                        ON CONFLICT (business_id, kind) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = now()
                        """)
                } else {
                    try await session.query(
                        "DELETE FROM message_templates WHERE business_id = \(businessID) AND kind = \(kind.rawValue)")
                }
            }
        }
    }

    public func message(_ id: UUID) async throws -> TakenMessage? {
        let rows = try await database.query("SELECT \(unescaped: MessageStore.columns) FROM messages WHERE id = \(id)")
        guard let m = try await MessageStore.decode(rows, vault: database.vault).first else { return nil }
        return TakenMessage(callerName: m.callerName, callerPhone: m.callerPhone, body: m.body, urgent: m.urgent, createdAt: m.createdAt)
    }

    /// The caller's number and the summary come from the sealed call object; rows written before sealing keep them plain.
    public func call(_ callID: String) async throws -> CallSummary? {
        let rows = try await database.query(
            "SELECT business_id, pii, from_number, summary, outcome, coalesce(started_at, created_at) FROM calls WHERE call_id = \(callID)")
        for try await (businessID, pii, from, summary, outcome, at) in rows.decode((UUID, Data?, String?, String?, String?, Date).self) {
            guard let pii else { return CallSummary(fromNumber: from, summary: summary, outcome: outcome, at: at) }
            let fields = CallFields(try CallFields.unseal(pii, businessID: businessID, vault: try database.requireVault()))
            return CallSummary(fromNumber: fields.fromNumber, summary: fields.summary, outcome: outcome, at: at)
        }
        return nil
    }

    /// True when this job already sent or skipped its message (its success may not have reached the job row).
    public func alreadyHandled(jobID: Int64) async throws -> Bool {
        for try await _ in try await database.query(
            "SELECT 1 FROM notifications WHERE job_id = \(jobID) AND status IN ('sent', 'skipped')")
        { return true }
        return false
    }

    public func record(_ r: NotificationRecord) async throws {
        _ = try await database.query(
            """
            INSERT INTO notifications (business_id, job_id, kind, channel, recipient, status, reason, provider_id)
            VALUES (\(r.businessID), \(r.jobID), \(r.kind), \(r.channel), \(r.recipient), \(r.status.rawValue),
            \(r.reason.map(Redaction.scrub)), \(r.providerID))
            ON CONFLICT (job_id) WHERE status IN ('sent', 'skipped') AND job_id IS NOT NULL DO NOTHING
            """
        ).collect()
    }

    /// The newest notifications of a business, newest first.
    public func list(_ businessID: UUID, limit: Int) async throws -> [NotificationRecord] {
        let rows = try await database.query(
            """
            SELECT id, job_id, kind, channel, recipient, status, reason, provider_id, created_at FROM notifications
            WHERE business_id = \(businessID) ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """)
        var out: [NotificationRecord] = []
        for try await (id, job, kind, channel, recipient, status, reason, provider, at) in rows.decode(
            (Int64, Int64?, String, String, String?, String, String?, String?, Date).self)
        {
            var r = NotificationRecord(
                businessID: businessID, jobID: job, kind: kind, channel: channel, recipient: recipient,
                status: .init(rawValue: status) ?? .failed, reason: reason, providerID: provider)
            r.id = id
            r.createdAt = at
            out.append(r)
        }
        return out
    }
}
