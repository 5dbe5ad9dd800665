import Domain
import Foundation
import PostgresNIO

/// Customers' text replies: whom each SMS went to (so a reply finds its business and booking), the numbers that
/// opted out of a business's texts, and every reply received with what came of it (once per Twilio MessageSid).
public struct TextReplyStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// An SMS went to `phone` for this business (and booking): the latest such is the conversation a reply answers.
    public func recordSent(businessID: UUID, phone: String, bookingID: UUID?, kind: String) async throws {
        let key = try database.requireVault().platformPhoneIndexes(phone)[0]
        _ = try await database.query(
            """
            INSERT INTO sms_threads (phone_key, business_id, booking_id, kind) VALUES (\(key), \(businessID), \(bookingID), \(kind))
            ON CONFLICT (phone_key, business_id) DO UPDATE SET booking_id = EXCLUDED.booking_id, kind = EXCLUDED.kind, last_sent_at = now()
            """
        ).collect()
    }

    /// The business that last texted `phone`, and the booking that text was about.
    public func latestThread(phone: String) async throws -> (businessID: UUID, bookingID: UUID?)? {
        let keys = try database.requireVault().platformPhoneIndexes(phone)
        for try await (business, booking) in try await database.query(
            "SELECT business_id, booking_id FROM sms_threads WHERE phone_key = ANY(\(keys)::text[]) ORDER BY last_sent_at DESC LIMIT 1"
        ).decode((UUID, UUID?).self) {
            return (business, booking)
        }
        return nil
    }

    /// Whether `phone` replied STOP (and not START since). Platform-wide: every business texts from the one number
    /// the STOP was sent to.
    public func optedOut(phone: String) async throws -> Bool {
        let keys = try database.requireVault().platformPhoneIndexes(phone)
        for try await _ in try await database.query("SELECT 1 FROM sms_opt_outs WHERE phone_key = ANY(\(keys)::text[])") {
            return true
        }
        return false
    }

    /// STOP (`out`) or START: recorded with its audit row in one transaction.
    public func setOptedOut(_ out: Bool, businessID: UUID, phone: String, messageSID: String) async throws {
        let keys = try database.requireVault().platformPhoneIndexes(phone)
        try await database.transaction { session in
            if out {
                try await session.query(
                    "INSERT INTO sms_opt_outs (phone_key, business_id) VALUES (\(keys[0]), \(businessID)) ON CONFLICT (phone_key) DO NOTHING")
            } else {
                try await session.query("DELETE FROM sms_opt_outs WHERE phone_key = ANY(\(keys)::text[])")
            }
            try await AuditSQL.record(
                AuditEntry(
                    businessID: businessID, actorType: .system, actorID: "sms", action: out ? "sms.opted_out" : "sms.opted_in",
                    detail: ["message_sid": messageSID, "phone": Redaction.phone(phone)]), in: session)
        }
    }

    /// A reply's first sight: a new row (its id) for a MessageSid never seen, or one whose handling was left unfinished a
    /// minute ago (a crash: taken over), else the answer given the first time (nil while that first delivery is still
    /// being handled): Twilio may deliver the same message twice.
    public enum Received: Sendable, Equatable {
        case new(UUID)
        case seen(answer: String?)
    }

    public func receive(messageSID: String, businessID: UUID?, from: String, body: String) async throws -> Received {
        let sealed = try database.requireVault().sealJSON(["from": from, "body": body], context: SealingContext.smsReplies(messageSID))
        for try await id in try await database.query(
            """
            INSERT INTO sms_replies (id, message_sid, business_id, sealed) VALUES (\(UUID()), \(messageSID), \(businessID), \(sealed))
            ON CONFLICT (message_sid) DO UPDATE SET created_at = now()
                WHERE sms_replies.finished_at IS NULL AND sms_replies.created_at < now() - interval '1 minute'
            RETURNING id
            """
        ).decode(UUID.self) {
            return .new(id)
        }
        for try await answer in try await database.query("SELECT answer FROM sms_replies WHERE message_sid = \(messageSID)").decode(String?.self) {
            return .seen(answer: answer)
        }
        return .seen(answer: nil)
    }

    /// Handling failed: the row goes, so Twilio's next delivery of the message is handled afresh.
    public func forget(_ id: UUID) async {
        _ = try? await database.query("DELETE FROM sms_replies WHERE id = \(id) AND finished_at IS NULL").collect()
    }

    /// What the reply was read as, what came of it, and our answer ("" for none).
    public func finish(_ id: UUID, intent: String, outcome: String, answer: String) async throws {
        _ = try await database.query(
            """
            UPDATE sms_replies SET intent = \(intent), outcome = \(outcome), answer = \(answer), finished_at = now() WHERE id = \(id)
            """
        ).collect()
    }
}
