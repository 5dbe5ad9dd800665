import Domain
import Foundation
import PostgresNIO

/// A business's provisioned phone agent at Retell, as recorded here.
public struct RetellAgent: Sendable, Equatable {
    public enum State: String, Sendable { case connecting, connected, broken, disconnecting }
    /// The create in flight: what may exist at Retell without its id written here yet.
    public enum Step: String, Sendable { case llm, agent, number }
    /// How the business gets its number: one it brings (imported from its carrier), or one bought by area code.
    public enum NumberRequest: Sendable, Equatable {
        case `import`(String)
        case buy(areaCode: Int)

        public var text: String {
            switch self {
            case .import(let number): "import:\(number)"
            case .buy(let areaCode): "buy:\(areaCode)"
            }
        }

        public init?(text: String) {
            if text.hasPrefix("import:") {
                self = .import(String(text.dropFirst(7)))
            } else if text.hasPrefix("buy:"), let code = Int(text.dropFirst(4)) {
                self = .buy(areaCode: code)
            } else {
                return nil
            }
        }
    }

    public var businessID: UUID
    public var state: State
    public var step: Step?
    public var voiceID: String
    public var language: String
    public var numberRequest: NumberRequest
    public var llmID: String?
    public var agentID: String?
    public var phoneNumber: String?
    public var numberPurchased: Bool
    public var configHash: String?
    public var publishedVersion: Int?
    public var lastSyncAt: Date?
    public var lastError: String?
}

/// `retell_agents`: each write is one statement, so the intent of a create is on disk before Retell is asked.
public struct RetellAgentStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let columns = """
        business_id, state, step, voice_id, language, number_request, llm_id, agent_id, phone_number, number_purchased, config_hash,
        published_version, last_sync_at, last_error
        """

    public func get(_ businessID: UUID) async throws -> RetellAgent? {
        for try await row in try await database.query("SELECT \(unescaped: Self.columns) FROM retell_agents WHERE business_id = \(businessID)") {
            let c = row.makeRandomAccess()
            return RetellAgent(
                businessID: try c["business_id"].decode(UUID.self), state: .init(rawValue: try c["state"].decode(String.self)) ?? .broken,
                step: try c["step"].decode(String?.self).flatMap(RetellAgent.Step.init(rawValue:)), voiceID: try c["voice_id"].decode(String.self),
                language: try c["language"].decode(String.self),
                numberRequest: RetellAgent.NumberRequest(text: try c["number_request"].decode(String.self)) ?? .buy(areaCode: 0),
                llmID: try c["llm_id"].decode(String?.self), agentID: try c["agent_id"].decode(String?.self),
                phoneNumber: try c["phone_number"].decode(String?.self), numberPurchased: try c["number_purchased"].decode(Bool.self),
                configHash: try c["config_hash"].decode(String?.self), publishedVersion: try c["published_version"].decode(Int?.self),
                lastSyncAt: try c["last_sync_at"].decode(Date?.self), lastError: try c["last_error"].decode(String?.self))
        }
        return nil
    }

    /// Starts (or resumes) a connection with these choices; what was already made is kept. Audited.
    public func begin(_ businessID: UUID, voiceID: String, language: String, number: RetellAgent.NumberRequest, audit: AuditEntry?) async throws {
        try await database.transaction { session in
            try await session.query(
                """
                INSERT INTO retell_agents (business_id, state, voice_id, language, number_request)
                VALUES (\(businessID), 'connecting', \(voiceID), \(language), \(number.text))
                ON CONFLICT (business_id) DO UPDATE SET state = CASE WHEN retell_agents.state IN ('connected', 'broken')
                        THEN retell_agents.state ELSE 'connecting' END,
                    voice_id = EXCLUDED.voice_id, language = EXCLUDED.language,
                    number_request = CASE WHEN retell_agents.phone_number IS NULL THEN EXCLUDED.number_request ELSE retell_agents.number_request END,
                    last_error = NULL, updated_at = now()
                WHERE retell_agents.state <> 'disconnecting'
                """)
            try await AuditSQL.record(audit?.about(businessID).adding(["voice_id": voiceID]), in: session)
        }
    }

    /// Claims the business's agent for one operation (connect, sync or disconnect) for at most `seconds`; false when
    /// another holds it (a double-click, a sync running while the owner connects).
    public func claim(_ businessID: UUID, seconds: Int = 180) async throws -> Bool {
        for try await _ in try await database.query(
            """
            UPDATE retell_agents SET busy_until = now() + make_interval(secs => \(seconds))
            WHERE business_id = \(businessID) AND (busy_until IS NULL OR busy_until < now()) RETURNING 1
            """)
        { return true }
        return false
    }

    public func release(_ businessID: UUID) async throws {
        try await database.query("UPDATE retell_agents SET busy_until = NULL WHERE business_id = \(businessID)").collect()
    }

    /// A version Retell has published, written at once (before the number is re-bound): a later step's failure never
    /// makes us edit a published, immutable version again.
    public func recordVersion(_ businessID: UUID, _ version: Int) async throws {
        try await database.query("UPDATE retell_agents SET published_version = \(version) WHERE business_id = \(businessID)").collect()
    }

    /// Writes the intent of a create before Retell is asked (nil: the create's id is recorded).
    public func setStep(_ businessID: UUID, _ step: RetellAgent.Step?) async throws {
        try await database.query("UPDATE retell_agents SET step = \(step?.rawValue), updated_at = now() WHERE business_id = \(businessID)").collect()
    }

    public func recordLLM(_ businessID: UUID, _ id: String) async throws {
        try await database.query("UPDATE retell_agents SET llm_id = \(id), step = NULL, updated_at = now() WHERE business_id = \(businessID)")
            .collect()
    }

    public func recordAgent(_ businessID: UUID, _ id: String) async throws {
        try await database.query("UPDATE retell_agents SET agent_id = \(id), step = NULL, updated_at = now() WHERE business_id = \(businessID)")
            .collect()
    }

    public func recordNumber(_ businessID: UUID, _ number: String, purchased: Bool) async throws {
        try await database.query(
            """
            UPDATE retell_agents SET phone_number = \(number), number_purchased = \(purchased), step = NULL, updated_at = now()
            WHERE business_id = \(businessID)
            """
        ).collect()
    }

    /// A published configuration: connected, with its hash and version; the agent and number now route calls here.
    public func recordPublished(_ businessID: UUID, hash: String, version: Int, agentID: String, number: String) async throws {
        try await database.transaction { session in
            var live = false
            for try await _ in try await session.query(
                """
                UPDATE retell_agents SET state = 'connected', config_hash = \(hash), published_version = \(version), last_sync_at = now(),
                    last_error = NULL, updated_at = now()
                WHERE business_id = \(businessID) AND state IN ('connecting', 'connected', 'broken') RETURNING 1
                """)
            { live = true }
            // A disconnect that began meanwhile wins: no route is written back for what it is taking down.
            if live { try await RetellRoutesSQL.replace(businessID, agentIDs: [agentID], numbers: [number], in: session) }
        }
    }

    /// A sync that found nothing to change: only its time is recorded.
    public func recordUnchanged(_ businessID: UUID) async throws {
        try await database.query("UPDATE retell_agents SET last_sync_at = now(), last_error = NULL WHERE business_id = \(businessID)").collect()
    }

    /// What went wrong last; `broken` when Retell refused our key (no retry can fix it): the owner is told once, in
    /// the same transaction as the state turns broken.
    public func recordError(_ businessID: UUID, _ message: String, broken: Bool) async throws {
        try await database.transaction { session in
            try await session.query(
                "UPDATE retell_agents SET last_error = \(String(message.prefix(500))), updated_at = now() WHERE business_id = \(businessID)")
            guard broken else { return }
            // The transition itself decides who tells the owner: only the update that turned it broken returns a row.
            var newlyBroken = false
            for try await _ in try await session.query(
                "UPDATE retell_agents SET state = 'broken' WHERE business_id = \(businessID) AND state <> 'broken' RETURNING 1"
            ) { newlyBroken = true }
            if newlyBroken {
                try await Outbox.enqueue(.ownerPhoneAgentBroken(reason: "Retell refused the platform's key"), businessID: businessID, in: session)
            }
        }
    }

    public func markDisconnecting(_ businessID: UUID, audit: AuditEntry?) async throws {
        try await database.transaction { session in
            try await session.query("UPDATE retell_agents SET state = 'disconnecting', updated_at = now() WHERE business_id = \(businessID)")
            try await AuditSQL.record(audit?.about(businessID), in: session)
        }
    }

    public func forgetLLM(_ businessID: UUID) async throws {
        try await database.query("UPDATE retell_agents SET llm_id = NULL WHERE business_id = \(businessID)").collect()
    }

    public func forgetAgent(_ businessID: UUID) async throws {
        try await database.query("UPDATE retell_agents SET agent_id = NULL WHERE business_id = \(businessID)").collect()
    }

    public func forgetNumber(_ businessID: UUID) async throws {
        try await database.query("UPDATE retell_agents SET phone_number = NULL WHERE business_id = \(businessID)").collect()
    }

    /// Everything at Retell is gone (or released): the row and the business's call routes with it.
    public func remove(_ businessID: UUID) async throws {
        try await database.transaction { session in
            try await RetellRoutesSQL.replace(businessID, agentIDs: [], numbers: [], in: session)
            try await session.query("DELETE FROM retell_agents WHERE business_id = \(businessID)")
        }
    }
}

/// Queues a sync of the business's phone agent in the caller's transaction, when it has one (connected, or being
/// connected). Always a new job: one deduplicated against a waiting job could be claimed, and read the old facts,
/// before this transaction commits. Jobs run in order per business and a sync that finds the published hash calls
/// nobody, so a burst of changes still makes one new version.
public enum RetellSyncSQL {
    public static func queue(_ businessID: UUID, in session: DatabaseSession) async throws {
        let payload = JobPayloadText.encode(["business_id": businessID.uuidString.lowercased()])
        try await session.query(
            """
            INSERT INTO jobs (business_id, kind, payload, ordering_key)
            SELECT \(businessID), 'retell_sync', \(payload)::jsonb, \("retell_sync:" + businessID.uuidString.lowercased())
            WHERE EXISTS (SELECT 1 FROM retell_agents WHERE business_id = \(businessID) AND state IN ('connected', 'connecting', 'broken'))
            """)
    }
}
