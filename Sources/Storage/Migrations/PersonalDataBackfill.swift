import Domain
import Foundation
import Logging
import PostgresNIO

/// Seals what is still readable: rows written before personal data was sealed, and values sealed under a previous
/// key (after `ENCRYPTION_KEY` rotated, with the old key in `ENCRYPTION_KEYS_PREVIOUS`), which are sealed again under
/// the current key with fresh indexes. Run by `receptionist migrate` after the SQL migrations; idempotent, in batches.
public struct PersonalDataBackfill: Sendable {
    let database: Database
    let vault: PersonalDataVault
    static let batch = 200

    public init(database: Database, vault: PersonalDataVault) {
        self.database = database
        self.vault = vault
    }

    /// Rows sealed per table.
    public func run() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        // An expired stored answer is never replayed again: it goes rather than being sealed.
        try await database.query("DELETE FROM idempotency_keys WHERE expires_at < now()", timeout: .unlimited).collect()
        // Webhook bodies can be megabytes: smaller batches.
        let steps: [(String, Int, @Sendable (DatabaseSession, Int) async throws -> Int)] = [
            ("bookings", Self.batch, bookings), ("messages", Self.batch, messages), ("calls", Self.batch, calls),
            ("call_events", Self.batch / 4, callEvents), ("tool_calls", Self.batch, toolCalls), ("idempotency_keys", Self.batch, storedAnswers),
        ]
        for (table, size, step) in steps {
            var total = 0
            while true {
                let done = try await database.transaction(timeout: .unlimited) { try await step($0, size) }
                total += done
                if done < size { break }
            }
            counts[table] = total
        }
        counts["error texts"] = try await scrubErrorTexts()
        return counts
    }

    /// Provider error texts kept before they were scrubbed at write time (job histories, notification reasons) lose
    /// the numbers and addresses they repeat; walked once by id, only changed rows are written.
    func scrubErrorTexts() async throws -> Int {
        var changed = 0
        for table in ["jobs", "notifications"] {
            var after: Int64 = 0
            while true {
                let (last, count) = try await database.transaction(timeout: .unlimited) { [after] session -> (Int64?, Int) in
                    let rows =
                        table == "jobs"
                        ? try await session.query(
                            """
                            SELECT id, last_error, errors::text FROM jobs WHERE id > \(after) AND (last_error IS NOT NULL OR errors <> '[]'::jsonb)
                            ORDER BY id LIMIT 500
                            """)
                        : try await session.query(
                            "SELECT id, reason, NULL::text FROM notifications WHERE id > \(after) AND reason IS NOT NULL ORDER BY id LIMIT 500")
                    var items: [(Int64, String?, String?)] = []
                    for try await item in rows.decode((Int64, String?, String?).self) { items.append(item) }
                    var count = 0
                    for (id, text, history) in items {
                        let scrubbed = text.map(Redaction.scrub)
                        let scrubbedHistory = history.map(Self.scrubHistory)
                        guard scrubbed != text || scrubbedHistory != history else { continue }
                        if table == "jobs" {
                            try await session.query(
                                "UPDATE jobs SET last_error = \(scrubbed), errors = \(scrubbedHistory ?? "[]")::jsonb WHERE id = \(id)")
                        } else {
                            try await session.query("UPDATE notifications SET reason = \(scrubbed) WHERE id = \(id)")
                        }
                        count += 1
                    }
                    return (items.last?.0, count)
                }
                changed += count
                guard let last else { break }
                after = last
            }
        }
        return changed
    }

    /// A job's error history (`[{at, attempt, error}]`) with each error scrubbed; the same text when nothing changed.
    static func scrubHistory(_ json: String) -> String {
        guard var entries = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] else { return json }
        var changed = false
        for index in entries.indices {
            guard let error = entries[index]["error"] as? String else { continue }
            let scrubbed = Redaction.scrub(error)
            if scrubbed != error {
                entries[index]["error"] = scrubbed
                changed = true
            }
        }
        guard changed, let data = try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys]) else { return json }
        return String(decoding: data, as: UTF8.self)
    }

    /// `true` in SQL when a sealed column is absent or was sealed under another key than the current one.
    func stale(_ column: String) -> String {
        "(\(column) IS NOT NULL AND substring(\(column) from 2 for 8) <> convert_to('\(vault.currentKeyID)', 'UTF8'))"
    }

    var logger: Logger { database.logger }

    func bookings(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT id, business_id, customer_name, customer_phone, notes, pii FROM bookings
            WHERE (pii IS NULL AND (customer_phone IS NOT NULL OR notes IS NOT NULL OR (customer_name IS NOT NULL AND customer_name <> '(erased)')))
               OR \(unescaped: stale("pii"))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(UUID, UUID, String?, String?, String?, Data?)] = []
        for try await item in rows.decode((UUID, UUID, String?, String?, String?, Data?).self) { items.append(item) }
        for (id, business, name, phone, notes, sealed) in items {
            var personal = BookingPersonal(
                name: name, phone: phone.flatMap { try? PhoneNumber($0, field: "phone").e164 } ?? phone,
                email: nil, notes: notes)
            if let sealed { personal = try vault.openJSON(BookingPersonal.self, sealed, context: SealingContext.bookings(business)) }
            let stored = try BookingRows.stored(personal, businessID: business, vault: vault)
            try await session.query(
                """
                UPDATE bookings SET customer_name = \(stored.plainName), customer_phone = NULL, notes = NULL, pii = \(stored.pii),
                    customer_phone_bidx = \(stored.phoneIndex), search_tokens = \(stored.tokens)
                WHERE id = \(id)
                """)
        }
        return items.count
    }

    func messages(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT id, business_id, caller_name, caller_phone, body, sealed FROM messages
            WHERE (sealed IS NULL AND NOT (caller_name IS NULL AND caller_phone IS NULL AND body = '(erased)')) OR \(unescaped: stale("sealed"))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(UUID, UUID, String?, String?, String?, Data?)] = []
        for try await item in rows.decode((UUID, UUID, String?, String?, String?, Data?).self) { items.append(item) }
        for (id, business, name, phone, body, sealed) in items {
            var personal = MessageStore.Personal(name: name, phone: phone, body: body ?? "")
            if let sealed { personal = try vault.openJSON(MessageStore.Personal.self, sealed, context: SealingContext.messages(business)) }
            let resealed = try vault.sealJSON(personal, context: SealingContext.messages(business))
            try await session.query(
                """
                UPDATE messages SET caller_name = NULL, caller_phone = NULL, body = NULL, sealed = \(resealed),
                    caller_phone_bidx = \(personal.phone.map { vault.phoneIndex(business, $0) })
                WHERE id = \(id)
                """)
        }
        return items.count
    }

    func calls(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT call_id, business_id, merged::text, pii FROM calls
            WHERE (pii IS NULL AND merged <> '{}'::jsonb) OR \(unescaped: stale("pii"))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(String, UUID, String, Data?)] = []
        for try await item in rows.decode((String, UUID, String, Data?).self) { items.append(item) }
        for (callID, business, merged, sealed) in items {
            let context = SealingContext.calls(business)
            let text = try sealed.map { Data(try vault.open($0, context: context)) } ?? Data(merged.utf8)
            let object = try JSONDecoder().decode([String: JSONValue].self, from: text)
            let fields = CallFields(object)
            let from = fields.customerNumber.flatMap { try? PhoneNumber($0, field: "from_number").e164 }
            try await session.query(
                """
                UPDATE calls SET pii = \(try vault.seal(text, context: context)), merged = '{}'::jsonb, from_number = NULL,
                    to_number = \(fields.businessNumber), transcript = NULL,
                    summary = NULL, recording_url = NULL, from_phone_bidx = \(from.map { vault.phoneIndex(business, $0) })
                WHERE call_id = \(callID)
                """)
        }
        return items.count
    }

    func callEvents(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT id, business_id, payload, payload_sealed FROM call_events
            WHERE payload IS NOT NULL OR \(unescaped: stale("payload_sealed"))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(Int64, UUID, String?, Data?)] = []
        for try await item in rows.decode((Int64, UUID, String?, Data?).self) { items.append(item) }
        for (id, business, payload, sealed) in items {
            let context = SealingContext.callEvents(business)
            let bytes = try sealed.map { Data(try vault.open($0, context: context)) } ?? Data((payload ?? "").utf8)
            try await session.query(
                "UPDATE call_events SET payload = NULL, payload_sealed = \(try vault.seal(bytes, context: context)) WHERE id = \(id)")
        }
        return items.count
    }

    func toolCalls(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT id, business_id, arguments::text, response::text, sealed FROM tool_calls
            WHERE (sealed IS NULL AND (arguments <> '{}'::jsonb OR response <> '{}'::jsonb)) OR \(unescaped: stale("sealed"))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(Int64, UUID, String, String, Data?)] = []
        for try await item in rows.decode((Int64, UUID, String, String, Data?).self) { items.append(item) }
        for (id, business, arguments, response, sealed) in items {
            let context = SealingContext.toolCalls(business)
            let plain =
                try sealed.map { Data(try vault.open($0, context: context)) }
                ?? JSONSerialization.data(withJSONObject: ["arguments": arguments, "response": response], options: [.sortedKeys])
            try await session.query(
                """
                UPDATE tool_calls SET arguments = '{}'::jsonb, response = '{}'::jsonb, sealed = \(try vault.seal(plain, context: context))
                WHERE id = \(id)
                """)
        }
        return items.count
    }

    func storedAnswers(_ session: DatabaseSession, _ limit: Int) async throws -> Int {
        let rows = try await session.query(
            """
            SELECT business_id, scope, key, response_body FROM idempotency_keys
            WHERE response_body IS NOT NULL AND (get_byte(response_body, 0) <> 1 OR \(unescaped: stale("response_body")))
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        // Read the batch whole first: the connection runs one statement at a time.
        var items: [(UUID, String, String, Data)] = []
        for try await item in rows.decode((UUID, String, String, Data).self) { items.append(item) }
        for (business, scope, key, body) in items {
            let context = SealingContext.idempotency(scope, key)
            let plain = PersonalDataVault.isSealed(body) ? Data(try vault.open(body, context: context)) : body
            try await session.query(
                """
                UPDATE idempotency_keys SET response_body = \(try vault.seal(plain, context: context))
                WHERE business_id = \(business) AND scope = \(scope) AND key = \(key)
                """)
        }
        return items.count
    }
}
