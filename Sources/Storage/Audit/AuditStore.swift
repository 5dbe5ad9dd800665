import Foundation
import PostgresNIO

/// Reads the audit trail (the writes happen in each store's transaction, through `AuditSQL`).
public struct AuditStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// One recorded change, newest first in `recent`.
    public struct Event: Sendable, Equatable {
        public var actorType: String
        public var actorID: String?
        public var action: String
        public var detail: [String: String]
        public var at: Date
    }

    public func recent(businessID: UUID, limit: Int = 50) async throws -> [Event] {
        var events: [Event] = []
        for try await (type, id, action, detail, at) in try await database.query(
            """
            SELECT actor_type, actor_id, action, detail::text, at FROM audit_events
            WHERE business_id = \(businessID) ORDER BY at DESC, id DESC LIMIT \(limit)
            """
        ).decode((String, String?, String, String, Date).self) {
            let fields = (try? JSONDecoder().decode([String: String].self, from: Data(detail.utf8))) ?? [:]
            events.append(Event(actorType: type, actorID: id, action: action, detail: fields, at: at))
        }
        return events
    }
}
