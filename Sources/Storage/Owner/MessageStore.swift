import Domain
import Foundation
import PostgresNIO

/// A message the agent took for the business.
public struct MessageRecord: Sendable {
    public var id: UUID
    public var callID: String?
    public var callerName: String?
    public var callerPhone: String?
    public var body: String
    public var urgent: Bool
    public var handledAt: Date?
    public var createdAt: Date
}

/// The owner's message inbox: unhandled first (urgent first among them), then the handled ones, newest first.
public struct MessageStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let columns = "id, call_id, caller_name, caller_phone, body, urgent, handled_at, created_at"

    public func list(_ businessID: UUID, limit: Int) async throws -> [MessageRecord] {
        try await decode(try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM messages WHERE business_id = \(businessID)
            ORDER BY handled_at IS NOT NULL, urgent DESC, created_at DESC LIMIT \(limit)
            """))
    }

    /// Marks a message handled (once: a second call keeps the first time).
    public func markHandled(_ businessID: UUID, id: UUID) async throws -> MessageRecord? {
        try await decode(try await database.query(
            """
            UPDATE messages SET handled_at = coalesce(handled_at, now()) WHERE business_id = \(businessID) AND id = \(id)
            RETURNING \(unescaped: Self.columns)
            """)).first
    }

    func decode(_ rows: PostgresRowSequence) async throws -> [MessageRecord] {
        var out: [MessageRecord] = []
        for try await (id, call, name, phone, body, urgent, handled, created) in rows.decode(
            (UUID, String?, String?, String?, String, Bool, Date?, Date).self) {
            out.append(MessageRecord(id: id, callID: call, callerName: name, callerPhone: phone, body: body, urgent: urgent,
                                     handledAt: handled, createdAt: created))
        }
        return out
    }
}
