import Foundation
import PostgresNIO

/// Who changed what: written by the store inside the change's own transaction, so no change lands without its trace.
public struct AuditEntry: Sendable, Equatable {
    public enum ActorType: String, Sendable { case account, apiKey = "api_key", platform, system }

    public var businessID: UUID?
    public var actorType: ActorType
    public var actorID: String?
    public var action: String
    public var detail: [String: String]

    public init(businessID: UUID?, actorType: ActorType, actorID: String?, action: String, detail: [String: String] = [:]) {
        self.businessID = businessID
        self.actorType = actorType
        self.actorID = actorID
        self.action = action
        self.detail = detail
    }

    /// A change made by a signed-in console account.
    public static func account(_ accountID: UUID, _ action: String, business: UUID?, detail: [String: String] = [:]) -> AuditEntry {
        AuditEntry(businessID: business, actorType: .account, actorID: accountID.uuidString.lowercased(), action: action, detail: detail)
    }

    /// The same entry with more detail (what only the store knows, such as a new row's id).
    public func adding(_ more: [String: String]) -> AuditEntry {
        var entry = self
        entry.detail.merge(more) { _, new in new }
        return entry
    }

    /// The same entry about another business (a business's id is known only once its row exists).
    public func about(_ businessID: UUID) -> AuditEntry {
        var entry = self
        entry.businessID = businessID
        return entry
    }
}

/// The audit statements, run inside a caller's transaction.
enum AuditSQL {
    static func record(_ entry: AuditEntry?, in session: DatabaseSession) async throws {
        guard let entry else { return }
        let detail = String(decoding: try JSONEncoder().encode(entry.detail), as: UTF8.self)
        try await session.query(
            """
            INSERT INTO audit_events (business_id, actor_type, actor_id, action, detail)
            VALUES (\(entry.businessID), \(entry.actorType.rawValue), \(entry.actorID), \(entry.action), \(detail)::jsonb)
            """)
    }
}
