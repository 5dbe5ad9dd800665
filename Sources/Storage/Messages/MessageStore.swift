import Domain
import Foundation
import Logging
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

    static let columns = "id, business_id, call_id, caller_name, caller_phone, body, sealed, urgent, handled_at, created_at"

    /// A message's personal fields, sealed together in `messages.sealed`.
    struct Personal: Codable {
        var name: String?
        var phone: String?
        var body: String
    }

    /// Records a message with the caller's name, number and words sealed (the number's blind index serves erasure).
    public static func insert(
        businessID: UUID, callID: String?, name: String?, phone: String?, body: String, urgent: Bool,
        in session: DatabaseSession
    ) async throws -> UUID {
        let vault = try session.requireVault()
        let sealed = try vault.sealJSON(Personal(name: name, phone: phone, body: body), context: SealingContext.messages(businessID))
        let index = phone.map { vault.phoneIndex(businessID, $0) }
        for try await id in try await session.query(
            """
            INSERT INTO messages (business_id, call_id, sealed, caller_phone_bidx, urgent)
            VALUES (\(businessID), \(callID), \(sealed), \(index), \(urgent)) RETURNING id
            """
        ).decode(UUID.self) { return id }
        throw StorageError.server(sqlState: "client", message: "message not recorded")
    }

    public func list(_ businessID: UUID, limit: Int) async throws -> [MessageRecord] {
        try await decode(
            try await database.query(
                """
                SELECT \(unescaped: Self.columns) FROM messages WHERE business_id = \(businessID)
                ORDER BY handled_at IS NOT NULL, urgent DESC, created_at DESC LIMIT \(limit)
                """))
    }

    /// Marks a message handled (once: a second call keeps the first time), audited in the same transaction.
    public func markHandled(_ businessID: UUID, id: UUID, audit: AuditEntry? = nil) async throws -> MessageRecord? {
        let vault = database.vault
        return try await database.transaction { session in
            let record = try await Self.decode(
                try await session.query(
                    """
                    UPDATE messages SET handled_at = coalesce(handled_at, now()) WHERE business_id = \(businessID) AND id = \(id)
                    RETURNING \(unescaped: Self.columns)
                    """), vault: vault
            ).first
            if record != nil { try await AuditSQL.record(audit?.about(businessID), in: session) }
            return record
        }
    }

    /// Messages nobody has handled yet (the count every console page shows).
    public func unhandledCount(_ businessID: UUID) async throws -> Int {
        for try await n in try await database.query(
            "SELECT count(*)::int FROM messages WHERE business_id = \(businessID) AND handled_at IS NULL"
        ).decode(Int.self) { return n }
        return 0
    }

    func decode(_ rows: PostgresRowSequence) async throws -> [MessageRecord] {
        try await Self.decode(rows, vault: database.vault)
    }

    /// Opens the sealed fields (rows from before sealing fall back to their plain columns).
    static func decode(_ rows: PostgresRowSequence, vault: PersonalDataVault?) async throws -> [MessageRecord] {
        var out: [MessageRecord] = []
        for try await (id, business, call, name, phone, body, sealed, urgent, handled, created) in rows.decode(
            (UUID, UUID, String?, String?, String?, String?, Data?, Bool, Date?, Date).self)
        {
            var personal = Personal(name: name, phone: phone, body: body ?? "")
            if let sealed {
                personal = try vault.required().openJSON(Personal.self, sealed, context: SealingContext.messages(business))
            }
            out.append(
                MessageRecord(
                    id: id, callID: call, callerName: personal.name, callerPhone: personal.phone, body: personal.body,
                    urgent: urgent, handledAt: handled, createdAt: created))
        }
        return out
    }
}
