import Crypto
import Domain
import Foundation
import PostgresNIO

/// A customer as the owner sees one: the phone number that ties bookings together, the latest name, and counts.
public struct CustomerSummary: Sendable {
    public var phone: String
    public var name: String?
    public var bookings: Int
    public var lastBookingAt: Date
}

/// Customers of a business (its bookings grouped by phone), and erasure of one customer's personal data.
public struct CustomerStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Customers with a name word starting with each word of `query`, or a number ending in its digits (4 or more),
    /// most recent first; matched on blind indexes, the names and numbers opened only for the answer.
    public func search(_ businessID: UUID, query: String, limit: Int) async throws -> [CustomerSummary] {
        let vault = try database.requireVault()
        guard let tokens = vault.queryTokens(businessID, query) else { return [] }
        let rows = try await database.query(
            """
            SELECT (array_agg(pii ORDER BY created_at DESC))[1], count(*)::bigint, max(starts_at)
            FROM bookings
            WHERE business_id = \(businessID) AND customer_phone_bidx IS NOT NULL AND search_tokens @> \(tokens)::text[]
            GROUP BY customer_phone_bidx ORDER BY max(starts_at) DESC LIMIT \(limit)
            """)
        var out: [CustomerSummary] = []
        for try await (sealed, count, last) in rows.decode((Data, Int, Date).self) {
            let personal = try vault.openJSON(BookingPersonal.self, sealed, context: SealingContext.bookings(businessID))
            guard let phone = personal.phone else { continue }
            out.append(CustomerSummary(phone: phone, name: personal.name, bookings: count, lastBookingAt: last))
        }
        return out
    }

    /// Replaces the customer's name, phone and notes on every booking, booking snapshot, message, call and tool
    /// call of this business, in one transaction; returns how many bookings were anonymised.
    public func erase(_ businessID: UUID, phone: String, requestedBy: String, key: SymmetricKey) async throws -> Int {
        let digest = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data("erasure:\(phone)".utf8), using: key))
        let vault = try database.requireVault()
        // Every key's index, so rows sealed before a key rotation are erased too; the plain comparisons catch rows
        // written before personal data was sealed.
        let indexes = vault.phoneIndexes(businessID, phone)
        return try await database.transaction { session in
            let logger = database.logger
            try await BookingSQL.lockBusiness(businessID, in: session)
            try await session.query("CREATE TEMP TABLE erased_bookings (booking_id uuid) ON COMMIT DROP")
            var count = 0
            for try await _ in try await session.query(
                """
                WITH erased AS (
                    UPDATE bookings SET customer_name = '(erased)', customer_phone = NULL, notes = NULL, pii = NULL, customer_phone_bidx = NULL,
                        search_tokens = NULL, updated_at = now()
                    WHERE business_id = \(businessID) AND (customer_phone_bidx = ANY(\(indexes)::text[]) OR customer_phone = \(phone)) RETURNING id
                )
                INSERT INTO erased_bookings SELECT id FROM erased RETURNING 1
                """)
            { count += 1 }
            try await session.query(
                """
                INSERT INTO booking_changes (business_id, booking_id, action, actor_type, reason, after)
                SELECT \(businessID), booking_id, 'anonymized', 'owner', 'customer erasure request', '{"customer_name": "(erased)"}'::jsonb
                FROM erased_bookings
                """)
            // Recording the erasure rewrites the booking snapshots (the only sanctioned change to the audit log).
            try await session.query(
                """
                INSERT INTO customer_erasures (business_id, phone_digest, bookings, requested_by)
                VALUES (\(businessID), \(digest), \(count), \(requestedBy))
                """)
            try await session.query(
                """
                UPDATE messages SET caller_name = NULL, caller_phone = NULL, sealed = NULL, caller_phone_bidx = NULL, body = '(erased)'
                WHERE business_id = \(businessID) AND (caller_phone_bidx = ANY(\(indexes)::text[]) OR caller_phone = \(phone))
                """)
            // Waitlist requests leave the queue and lose the name and number; their open offers are withdrawn. The texts'
            // conversation with that number goes (its replies' sealed text with it).
            let platform = vault.platformPhoneIndexes(phone)
            try await session.query(
                """
                WITH gone AS (
                    UPDATE waitlist_entries SET status = CASE WHEN status IN ('waiting', 'offered') THEN 'left' ELSE status END, sealed = NULL,
                        phone_index = 'erased', updated_at = now()
                    WHERE business_id = \(businessID) AND phone_index = ANY(\(indexes)::text[]) RETURNING id
                )
                UPDATE waitlist_offers SET status = 'declined', decided_at = now() WHERE entry_id IN (SELECT id FROM gone) AND status = 'open'
                """)
            try await session.query("DELETE FROM sms_threads WHERE business_id = \(businessID) AND phone_key = ANY(\(platform)::text[])")
            // Calls from that number lose what identifies the caller: their verbatim events go, their tool calls lose
            // arguments and answers, and their stored idempotent answers are dropped.
            try await session.query(
                """
                WITH gone AS (
                    UPDATE calls SET from_number = NULL, transcript = NULL, summary = NULL, recording_url = NULL, merged = '{}'::jsonb,
                        pii = NULL, from_phone_bidx = NULL, to_number = CASE WHEN direction = 'outbound' THEN NULL ELSE to_number END
                    WHERE business_id = \(businessID) AND (from_phone_bidx = ANY(\(indexes)::text[]) OR from_number = \(phone)
                                                           OR (direction = 'outbound' AND to_number = \(phone))) RETURNING call_id
                ), tools AS (
                    UPDATE tool_calls SET arguments = '{}'::jsonb, response = '{}'::jsonb, sealed = NULL
                    WHERE business_id = \(businessID) AND call_id IN (SELECT call_id FROM gone) RETURNING 1
                ), answers AS (
                    DELETE FROM idempotency_keys
                    WHERE business_id = \(businessID) AND split_part(key, ':', 1) IN (SELECT call_id FROM gone) RETURNING 1
                )
                DELETE FROM call_events WHERE business_id = \(businessID) AND call_id IN (SELECT call_id FROM gone)
                """)
            return count
        }
    }
}
