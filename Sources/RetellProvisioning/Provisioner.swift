import Domain
import Foundation
import Logging
import Storage

/// Creates, keeps in sync and removes each business's phone agent at Retell, crash-safe without Retell idempotency:
/// the intent of every create is written before Retell is asked, our marker rides on what is made (the agent's name,
/// the LLM's default variables, the number's nickname), and a resumed step looks for what a crash left before making
/// anything, so a business never gets two agents, two LLMs or a second purchased number.
public struct Provisioner: Sendable {
    let client: RetellClient
    let store: RetellAgentStore
    let rulesStore: RulesStore
    let publicBaseURL: String
    let logger: Logger
    /// Tests stop here to play a crash just after Retell made something and before we wrote its id.
    let afterCreate: @Sendable (RetellAgent.Step) async throws -> Void

    public init(
        client: RetellClient, database: Database, publicBaseURL: String, logger: Logger,
        afterCreate: @escaping @Sendable (RetellAgent.Step) async throws -> Void = { _ in }
    ) {
        self.client = client
        self.store = RetellAgentStore(database: database)
        self.rulesStore = RulesStore(database: database)
        self.publicBaseURL = publicBaseURL
        self.logger = logger
        self.afterCreate = afterCreate
    }

    public func voices() async throws -> [RetellClient.Voice] { try await client.listVoices() }

    /// Connects (or resumes connecting) the business: LLM, agent, number, first publish, routes. Safe to call again
    /// after any failure; what exists is found and kept.
    public func connect(
        _ businessID: UUID, voiceID: String, language: String, number: RetellAgent.NumberRequest, terminationURI: String?, audit: AuditEntry?
    ) async throws {
        try await store.begin(businessID, voiceID: voiceID, language: language, number: number, audit: audit)
        if try await store.get(businessID)?.state == .disconnecting {
            throw RetellFailure(status: 409, message: "disconnecting did not finish; disconnect again before connecting")
        }
        try await exclusively(businessID) {
            do {
                try await ensureAssets(businessID, terminationURI: terminationURI)
                _ = try await publish(businessID, force: true)
            } catch let failure as RetellFailure where !failure.isConflict {
                try await store.recordError(businessID, failure.description, broken: failure.keyRefused)
                throw failure
            }
        }
    }

    /// Runs `work` holding the business's claim (one operation at a time); a second one meanwhile is refused as busy.
    func exclusively<T: Sendable>(_ businessID: UUID, _ work: () async throws -> T) async throws -> T {
        guard try await store.claim(businessID) else { throw RetellFailure.busy }
        do {
            let result = try await work()
            try await store.release(businessID)
            return result
        } catch {
            try? await store.release(businessID)
            throw error
        }
    }

    func ensureAssets(_ businessID: UUID, terminationURI: String?) async throws {
        guard var agent = try await store.get(businessID), let loaded = try await rulesStore.load(businessID, from: nil) else { return }
        let marker = AgentConfiguration.marker(businessID)
        let config = AgentConfiguration(
            business: loaded.business, rules: loaded.rules, voiceID: agent.voiceID, language: agent.language, publicBaseURL: publicBaseURL)

        if agent.llmID == nil {
            let orphan =
                agent.step == .llm
                ? try await client.listLLMs().first { $0.defaultDynamicVariables?["receptionist"] == businessID.uuidString.lowercased() } : nil
            if let orphan {
                logger.notice("retell: found the LLM a crash left", metadata: ["business_id": "\(businessID)"])
                try await store.recordLLM(businessID, orphan.llmID)
            } else {
                try await store.setStep(businessID, .llm)
                let made = try await client.createLLM(config.llm)
                try await afterCreate(.llm)
                try await store.recordLLM(businessID, made.llmID)
            }
            agent = try await store.get(businessID) ?? agent
        }
        if agent.agentID == nil, let llmID = agent.llmID {
            let orphan = agent.step == .agent ? try await client.listAgents(query: marker).first { $0.agentName == marker } : nil
            if let orphan {
                logger.notice("retell: found the agent a crash left", metadata: ["business_id": "\(businessID)"])
                try await store.recordAgent(businessID, orphan.agentID)
            } else {
                try await store.setStep(businessID, .agent)
                var body = config.agent
                body["response_engine"] = ["type": "retell-llm", "llm_id": llmID]
                let made = try await client.createAgent(body)
                try await afterCreate(.agent)
                try await store.recordAgent(businessID, made.agentID)
            }
            agent = try await store.get(businessID) ?? agent
        }
        if agent.phoneNumber == nil {
            let numbers = try await client.listNumbers()
            if case .import(let wanted) = agent.numberRequest, let taken = numbers.first(where: { $0.phoneNumber == wanted }),
                taken.nickname != marker
            {
                // A number already at the platform's Retell account that is not marked as this business's: another
                // business's (or the platform's) line. Never adopted, re-bound or released from here.
                _ = taken
                throw RetellFailure.numberTaken
            }
            // A number carrying our marker is this business's (a crash after buying or importing, or a number kept at an
            // earlier disconnect): it is used, never bought again.
            let settings = AgentConfiguration.numberSettings(agentID: nil, businessID: businessID, publicBaseURL: publicBaseURL)
            let buying = if case .buy = agent.numberRequest { true } else { false }
            if let existing = numbers.first(where: { $0.nickname == marker }) {
                try await store.recordNumber(businessID, existing.phoneNumber, purchased: buying)
            } else {
                try await store.setStep(businessID, .number)
                let made: RetellClient.PhoneNumber
                switch agent.numberRequest {
                case .import(let number):
                    guard let terminationURI, !terminationURI.isEmpty else {
                        throw RetellFailure(status: 400, message: "importing a number needs its SIP trunk's termination URI")
                    }
                    made = try await client.importNumber(number, terminationURI: terminationURI, settings)
                case .buy(let areaCode):
                    made = try await client.buyNumber(areaCode: areaCode, settings)
                }
                try await afterCreate(.number)
                try await store.recordNumber(businessID, made.phoneNumber, purchased: buying)
            }
        }
    }

    public enum SyncOutcome: Sendable, Equatable {
        case notConnected
        case unchanged
        case published(version: Int)
    }

    /// The queued sync: the current facts published when they differ from the last published ones.
    public func sync(_ businessID: UUID) async throws -> SyncOutcome {
        guard try await store.get(businessID) != nil else { return .notConnected }
        return try await exclusively(businessID) { try await publish(businessID, force: false) }
    }

    /// Writes the business's current facts into a new draft and publishes it, unless they are what was last
    /// published (then nobody is called). The number follows the latest published version.
    func publish(_ businessID: UUID, force: Bool) async throws -> SyncOutcome {
        guard let agent = try await store.get(businessID), let llmID = agent.llmID, let agentID = agent.agentID, let number = agent.phoneNumber,
            agent.state != .disconnecting, let loaded = try await rulesStore.load(businessID, from: nil)
        else { return .notConnected }
        let config = AgentConfiguration(
            business: loaded.business, rules: loaded.rules, voiceID: agent.voiceID, language: agent.language, publicBaseURL: publicBaseURL)
        if !force, config.hash == agent.configHash {
            try await store.recordUnchanged(businessID)
            return .unchanged
        }
        // The first publish is of the agent's first version (0); later ones of a new draft from the published one.
        var version = 0
        if let published = agent.publishedVersion { version = try await client.createAgentVersion(agentID, base: published) }
        try await client.updateLLM(llmID, version: version, config.llm)
        var body = config.agent
        body["response_engine"] = ["type": "retell-llm", "llm_id": llmID, "version": version]
        try await client.updateAgent(agentID, body)
        try await client.publish(agentID, version: version, title: "Receptionist sync \(ISO8601DateFormatter().string(from: Date()))")
        try await store.recordVersion(businessID, version)
        try await client.updateNumber(
            number, AgentConfiguration.numberSettings(agentID: agentID, businessID: businessID, publicBaseURL: publicBaseURL))
        try await store.recordPublished(businessID, hash: config.hash, version: version, agentID: agentID, number: number)
        logger.info("retell: agent published", metadata: ["business_id": "\(businessID)", "version": "\(version)"])
        return .published(version: version)
    }

    /// Takes the agent down in reverse order: the number unbound (released only when asked), the agent, the LLM,
    /// then our record and routes. What Retell no longer has is skipped.
    public func disconnect(_ businessID: UUID, releaseNumber: Bool, audit: AuditEntry?) async throws {
        guard try await store.get(businessID) != nil else { return }
        try await exclusively(businessID) {
            try await store.markDisconnecting(businessID, audit: audit?.adding(["release_number": "\(releaseNumber)"]))
            guard var agent = try await store.get(businessID) else { return }
            func gone(_ work: () async throws -> Void) async throws {
                do { try await work() } catch let failure as RetellFailure where failure.notFound {}
            }
            // A create that was in flight may have happened at Retell: found by our marker, it goes too.
            let marker = AgentConfiguration.marker(businessID)
            switch agent.step {
            case .llm? where agent.llmID == nil:
                agent.llmID = try await client.listLLMs().first { $0.defaultDynamicVariables?["receptionist"] == businessID.uuidString.lowercased() }?
                    .llmID
            case .agent? where agent.agentID == nil:
                agent.agentID = try await client.listAgents(query: marker).first { $0.agentName == marker }?.agentID
            case .number? where agent.phoneNumber == nil:
                agent.phoneNumber = try await client.listNumbers().first { $0.nickname == marker }?.phoneNumber
            default: break
            }
            if let number = agent.phoneNumber {
                try await gone {
                    if releaseNumber {
                        try await client.deleteNumber(number)
                    } else {
                        try await client.updateNumber(number, ["inbound_agents": [] as [Any], "inbound_webhook_url": NSNull()])
                    }
                }
                try await store.forgetNumber(businessID)
            }
            if let id = agent.agentID {
                try await gone { try await client.deleteAgent(id) }
                try await store.forgetAgent(businessID)
            }
            if let id = agent.llmID {
                try await gone { try await client.deleteLLM(id) }
                try await store.forgetLLM(businessID)
            }
            try await store.remove(businessID)
        }
    }
}
