import Domain
import Foundation
import PostgresNIO

/// Calls and their webhook events: each delivery stored verbatim once, and the call row kept current.
public struct CallStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public enum Recorded: Sendable, Equatable {
        case recorded(outcome: CallOutcome?)
        /// The same event (Retell's retry) was stored before: nothing changed.
        case duplicate
    }

    /// Stores one delivery and folds it into the call, deriving the outcome once the call has ended;
    /// an owner notice for a transferred, abandoned or message call goes to the outbox in the same transaction.
    /// The delivery and the merged call object are stored sealed (they carry the caller's number and words); the plain
    /// personal columns are left NULL, and the caller's number is findable only through its blind index.
    public func record(
        businessID: UUID, callID: String, event: String, dedupeKey: String, payload: String,
        call: [String: JSONValue]
    ) async throws -> Recorded {
        let vault = try database.requireVault()
        let sealedPayload = try vault.seal(Data(payload.utf8), context: SealingContext.callEvents(businessID))
        return try await database.transaction { session in
            let inserted = try await session.query(
                """
                INSERT INTO call_events (business_id, call_id, event, dedupe_key, payload, payload_sealed)
                VALUES (\(businessID), \(callID), \(event), \(dedupeKey), NULL, \(sealedPayload))
                ON CONFLICT (call_id, dedupe_key) DO NOTHING RETURNING id
                """)
            var isNew = false
            for try await _ in inserted { isNew = true }
            guard isNew else { return .duplicate }

            try await session.query(
                "INSERT INTO calls (call_id, business_id) VALUES (\(callID), \(businessID)) ON CONFLICT (call_id) DO NOTHING")
            var current: (UUID, String, Data?, String, Bool, String?)?
            for try await row in try await session.query(
                "SELECT business_id, merged::text, pii, field_ranks::text, transferred, outcome FROM calls WHERE call_id = \(callID) FOR UPDATE"
            ).decode((UUID, String, Data?, String, Bool, String?).self) { current = row }
            guard let (owner, mergedText, pii, ranksText, wasTransferred, previousOutcome) = current else { return .duplicate }
            guard owner == businessID else { throw CallOwnership() }

            let decoder = JSONDecoder()
            // Rows written before sealing keep their merged object in plain `merged`; they are sealed on their next event.
            let previous =
                try pii.map { try CallFields.unseal($0, businessID: businessID, vault: vault) }
                ?? decoder.decode([String: JSONValue].self, from: Data(mergedText.utf8))
            let (merged, ranks) = CallMerge.merge(
                previous,
                ranks: try decoder.decode([String: Int].self, from: Data(ranksText.utf8)),
                incoming: call, rank: CallMerge.rank(of: event))
            let fields = CallFields(merged)
            let transferred = fields.transferred(after: event, before: wasTransferred)
            var outcome: CallOutcome?
            if fields.hasEnded {
                var facts = try await Self.facts(businessID: businessID, callID: callID, in: session)
                facts.transferred = transferred
                facts.durationMs = fields.durationMs
                outcome = CallOutcome.derive(facts)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let sealedCall = try vault.sealJSON(merged, context: SealingContext.calls(businessID))
            let fromIndex = fields.customerNumber.flatMap { try? PhoneNumber($0, field: "from_number") }.map { vault.phoneIndex(businessID, $0.e164) }
            // The business's own line stays plain (inbound: to_number); the customer's number lives only in the sealed call.
            try await session.query(
                """
                UPDATE calls SET agent_id = \(fields.agentID), direction = \(fields.direction), call_type = \(fields.callType),
                    from_number = NULL, to_number = \(fields.businessNumber), status = \(fields.status),
                    started_at = \(fields.startedAt), ended_at = \(fields.endedAt), duration_ms = \(fields.durationMs),
                    disconnection_reason = \(fields.disconnectionReason), transcript = NULL, summary = NULL,
                    sentiment = \(fields.sentiment), call_successful = \(fields.callSuccessful), in_voicemail = \(fields.inVoicemail),
                    recording_url = NULL, cost = \(fields.costJSON)::jsonb, transferred = \(transferred),
                    outcome = \(outcome?.rawValue), merged = '{}'::jsonb, pii = \(sealedCall), from_phone_bidx = \(fromIndex),
                    field_ranks = \(String(decoding: try encoder.encode(ranks), as: UTF8.self))::jsonb, updated_at = now()
                WHERE call_id = \(callID)
                """)
            // The owner hears once per call (the dedupe key), when the outcome first becomes one worth a notice.
            if let outcome, outcome.rawValue != previousOutcome, outcome.tellsTheOwner {
                try await Outbox.enqueue(.ownerCallNotice(callID: callID, outcome: outcome), businessID: businessID, in: session)
            }
            return .recorded(outcome: outcome)
        }
    }

    /// The call id is on record for another business.
    public struct CallOwnership: Error {}

    static func facts(businessID: UUID, callID: String, in session: DatabaseSession) async throws -> CallOutcome.Facts {
        var facts = CallOutcome.Facts()
        let rows = try await session.query(
            """
            SELECT
              EXISTS (SELECT 1 FROM booking_changes WHERE business_id = \(businessID) AND call_id = \(callID) AND action = 'created'),
              EXISTS (SELECT 1 FROM booking_changes WHERE business_id = \(businessID) AND call_id = \(callID) AND action = 'modified'),
              EXISTS (SELECT 1 FROM booking_changes WHERE business_id = \(businessID) AND call_id = \(callID) AND action = 'cancelled'),
              EXISTS (SELECT 1 FROM messages WHERE business_id = \(businessID) AND call_id = \(callID)),
              (SELECT count(*) FROM tool_calls WHERE business_id = \(businessID) AND call_id = \(callID))::int
            """)
        for try await (booked, modified, cancelled, message, tools) in rows.decode((Bool, Bool, Bool, Bool, Int).self) {
            facts.booked = booked
            facts.modified = modified
            facts.cancelled = cancelled
            facts.messageTaken = message
            facts.toolCalls = tools
        }
        return facts
    }
}

/// Opening the merged call object sealed in `calls.pii` (the fields' rules themselves are the domain's `CallFields`).
extension CallFields {
    /// The merged call object sealed in `calls.pii`.
    static func unseal(_ pii: Data, businessID: UUID, vault: PersonalDataVault) throws -> [String: JSONValue] {
        try vault.openJSON([String: JSONValue].self, pii, context: SealingContext.calls(businessID))
    }
}

extension CallStore {
    /// A call as the owner API lists it.
    public struct Summary: Sendable {
        public var callID: String
        public var fromNumber: String?
        public var toNumber: String?
        public var direction: String?
        public var status: String?
        public var startedAt: Date?
        public var endedAt: Date?
        public var durationMs: Int?
        public var outcome: String?
        public var summary: String?
        public var sentiment: String?
        public var transcript: String?
        public var disconnectionReason: String?
        public var recordingURL: String?
        public var sortKey: Date
    }

    static let summaryColumns = """
        call_id, business_id, pii, from_number, to_number, direction, status, started_at, ended_at, duration_ms, outcome, summary, sentiment,
        transcript, disconnection_reason, recording_url, coalesce(started_at, created_at) AS sort_key
        """

    /// The caller's number, summary, transcript and recording come from the sealed call object; rows written before
    /// sealing fall back to their plain columns. The vault is needed only for a sealed row.
    static func decodeSummary(_ row: PostgresRow, database: Database) throws -> Summary {
        let c = row.makeRandomAccess()
        var summary = Summary(
            callID: try c["call_id"].decode(String.self), fromNumber: try c["from_number"].decode(String?.self),
            toNumber: try c["to_number"].decode(String?.self), direction: try c["direction"].decode(String?.self),
            status: try c["status"].decode(String?.self), startedAt: try c["started_at"].decode(Date?.self),
            endedAt: try c["ended_at"].decode(Date?.self), durationMs: try c["duration_ms"].decode(Int?.self),
            outcome: try c["outcome"].decode(String?.self), summary: try c["summary"].decode(String?.self),
            sentiment: try c["sentiment"].decode(String?.self), transcript: try c["transcript"].decode(String?.self),
            disconnectionReason: try c["disconnection_reason"].decode(String?.self), recordingURL: try c["recording_url"].decode(String?.self),
            sortKey: try c["sort_key"].decode(Date.self))
        if let pii = try c["pii"].decode(Data?.self) {
            let businessID = try c["business_id"].decode(UUID.self)
            let fields = CallFields(try CallFields.unseal(pii, businessID: businessID, vault: try database.requireVault()))
            summary.fromNumber = fields.fromNumber
            summary.toNumber = fields.toNumber
            summary.summary = fields.summary
            summary.transcript = fields.transcript
            summary.recordingURL = fields.recordingURL
        }
        return summary
    }

    /// Newest first, between two instants, optionally of one outcome; keyset-paginated after the call `after`
    /// (its exact sort key is read back from the row, so no precision is lost in a cursor).
    public func list(businessID: UUID, from: Date?, to: Date?, outcome: String?, after: String?, limit: Int) async throws -> [Summary] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.summaryColumns) FROM calls
            WHERE business_id = \(businessID)
              AND (\(from)::timestamptz IS NULL OR coalesce(started_at, created_at) >= \(from))
              AND (\(to)::timestamptz IS NULL OR coalesce(started_at, created_at) < \(to))
              AND (\(outcome)::text IS NULL OR outcome = \(outcome))
              AND (\(after)::text IS NULL OR (coalesce(started_at, created_at), call_id) <
                   (SELECT coalesce(started_at, created_at), call_id FROM calls WHERE business_id = \(businessID) AND call_id = \(after)))
            ORDER BY coalesce(started_at, created_at) DESC, call_id DESC LIMIT \(limit)
            """)
        var result: [Summary] = []
        for try await row in rows { result.append(try Self.decodeSummary(row, database: database)) }
        return result
    }

    /// How many calls ended each way since `since` (nil: no outcome yet), most frequent first.
    public func outcomes(businessID: UUID, since: Date) async throws -> [(outcome: String?, calls: Int)] {
        var result: [(String?, Int)] = []
        for try await row in try await database.query(
            """
            SELECT outcome, count(*)::int FROM calls WHERE business_id = \(businessID) AND coalesce(started_at, created_at) >= \(since)
            GROUP BY outcome ORDER BY 2 DESC, 1
            """
        ).decode((String?, Int).self) { result.append(row) }
        return result.map { (outcome: $0.0, calls: $0.1) }
    }

    /// One call of this business with its events, tool calls (arguments and answers as JSON text) and bookings.
    public struct Detail: Sendable {
        public var call: Summary
        public var events: [(event: String, receivedAt: Date)]
        public var toolCalls: [(name: String, arguments: String, response: String, ok: Bool, latencyMs: Double, at: Date)]
        public var bookings: [Booking]
    }

    public func detail(businessID: UUID, callID: String) async throws -> Detail? {
        try await database.withConnection { session in
            var summary: Summary?
            for try await row in try await session.query(
                "SELECT \(unescaped: Self.summaryColumns) FROM calls WHERE business_id = \(businessID) AND call_id = \(callID)")
            {
                summary = try Self.decodeSummary(row, database: database)
            }
            guard let summary else { return nil }
            var events: [(String, Date)] = []
            for try await row in try await session.query(
                "SELECT event, received_at FROM call_events WHERE business_id = \(businessID) AND call_id = \(callID) ORDER BY id"
            ).decode((String, Date).self) { events.append(row) }
            var tools: [(String, String, String, Bool, Double, Date)] = []
            for try await (name, arguments, response, sealed, ok, latency, at) in try await session.query(
                """
                SELECT name, arguments::text, response::text, sealed, ok, latency_ms, created_at FROM tool_calls
                WHERE business_id = \(businessID) AND call_id = \(callID) ORDER BY id
                """
            ).decode((String, String, String, Data?, Bool, Double, Date).self) {
                // Sealed rows hold {"arguments", "response"} as JSON text; rows from before sealing keep them in the jsonb columns.
                if let sealed {
                    let opened = try database.requireVault().openJSON([String: String].self, sealed, context: SealingContext.toolCalls(businessID))
                    tools.append((name, opened["arguments"] ?? "{}", opened["response"] ?? "{}", ok, latency, at))
                } else {
                    tools.append((name, arguments, response, ok, latency, at))
                }
            }
            var bookings: [Booking] = []
            for try await row in try await session.query(
                """
                SELECT \(unescaped: BookingRows.columns) FROM bookings b
                WHERE b.business_id = \(businessID) AND (b.call_id = \(callID)
                   OR b.id IN (SELECT booking_id FROM booking_changes WHERE business_id = \(businessID) AND call_id = \(callID)))
                ORDER BY b.created_at
                """)
            { bookings.append(try BookingRows.decode(row, vault: database.vault)) }
            return Detail(
                call: summary, events: events.map { (event: $0.0, receivedAt: $0.1) },
                toolCalls: tools.map { (name: $0.0, arguments: $0.1, response: $0.2, ok: $0.3, latencyMs: $0.4, at: $0.5) },
                bookings: bookings)
        }
    }
}
