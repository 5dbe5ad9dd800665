import Domain
import Foundation
import HTTPCore
import Hummingbird
import RetellProvisioning
import Storage

/// The phone agent through the API: its state, Retell's voices, connect and disconnect. The platform's Retell key
/// stays on the server: no answer carries it.
public struct PhoneAgentController: Sendable {
    let provisioner: Provisioner?
    let agents: RetellAgentStore
    let businesses: BusinessStore

    public init(provisioner: Provisioner?, database: Database) {
        self.provisioner = provisioner
        self.agents = RetellAgentStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.getOperation, use: get)
        business.add(Self.voicesOperation, use: voices)
        business.add(Self.connectOperation, use: connect)
        business.add(Self.disconnectOperation, use: disconnect)
    }

    func requireProvisioner() throws -> Provisioner {
        guard let provisioner else {
            throw APIError(.serviceUnavailable, .notConfigured, "Retell provisioning is not configured on this server (RETELL_API_KEY)")
        }
        return provisioner
    }

    struct AgentResponse: ResponseEncodable {
        var status: String
        var voiceId: String?
        var language: String?
        var agentId: String?
        var phoneNumber: String?
        var numberPurchased: Bool?
        var publishedVersion: Int?
        var lastSyncAt: Date?
        var lastError: String?
    }

    func render(_ id: UUID) async throws -> AgentResponse {
        guard let a = try await agents.get(id) else { return AgentResponse(status: "not_connected") }
        return AgentResponse(
            status: a.state.rawValue, voiceId: a.voiceID, language: a.language, agentId: a.agentID, phoneNumber: a.phoneNumber,
            numberPurchased: a.numberPurchased, publishedVersion: a.publishedVersion, lastSyncAt: a.lastSyncAt,
            lastError: a.lastError.map(Redaction.scrub))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> AgentResponse {
        try await render(try await businesses.requireExisting(context))
    }

    struct Voice: Encodable {
        var voiceId: String
        var name: String
        var provider: String?
        var gender: String?
        var accent: String?
        var previewUrl: String?
    }
    struct Voices: ResponseEncodable { var voices: [Voice] }

    @Sendable func voices(_ request: Request, context: AppRequestContext) async throws -> Voices {
        _ = try await businesses.requireExisting(context)
        do {
            return Voices(
                voices: try await requireProvisioner().voices().map {
                    Voice(
                        voiceId: $0.voiceID, name: $0.voiceName, provider: $0.provider, gender: $0.gender, accent: $0.accent,
                        previewUrl: $0.previewAudioURL)
                })
        } catch let failure as RetellFailure {
            throw Self.providerError(failure)
        }
    }

    struct ConnectRequest: Decodable {
        var voiceId: String
        var language: String?
        var importNumber: String?
        var terminationUri: String?
        var buyAreaCode: Int?
        var confirmPurchase: Bool?
    }

    /// The agent speaks the business's language unless the owner picks another.
    func businessLanguage(_ id: UUID) async throws -> String {
        try await businesses.get(id)?.language.rawValue ?? Language.englishUS.rawValue
    }

    @Sendable func connect(_ request: Request, context: AppRequestContext) async throws -> AgentResponse {
        let id = try await businesses.requireExisting(context)
        let provisioner = try requireProvisioner()
        let body = try await JSONBody.decode(ConnectRequest.self, from: request)
        let number: RetellAgent.NumberRequest
        if let current = try await agents.get(id), current.phoneNumber != nil, body.importNumber == nil, body.buyAreaCode == nil {
            number = current.numberRequest  // the agent has its number: a new voice or language needs no number choice
        } else {
            do {
                number = try PhoneAgentChoice.number(import: body.importNumber, areaCode: body.buyAreaCode, confirmed: body.confirmPurchase == true)
            } catch { throw APIError.validation(error) }
        }
        if case .import = number, (body.terminationUri ?? "").isEmpty {
            throw APIError.validation(ValidationError(field: "termination_uri", "is required to import a number (your SIP trunk's termination URI)"))
        }
        let language: String
        if let chosen = body.language { language = chosen } else { language = try await businessLanguage(id) }
        do {
            try await provisioner.connect(
                id, voiceID: body.voiceId, language: language, number: number,
                terminationURI: body.terminationUri,
                audit: context.audit("phone_agent.connect_requested", business: id))
        } catch let failure as RetellFailure {
            throw Self.providerError(failure)
        }
        return try await render(id)
    }

    @Sendable func disconnect(_ request: Request, context: AppRequestContext) async throws -> AgentResponse {
        let id = try await businesses.requireExisting(context)
        let release = request.uri.queryParameters.get("release_number") == "true"
        do {
            try await requireProvisioner().disconnect(id, releaseNumber: release, audit: context.audit("phone_agent.disconnected", business: id))
        } catch let failure as RetellFailure {
            throw Self.providerError(failure)
        }
        return try await render(id)
    }

    static func providerError(_ failure: RetellFailure) -> APIError {
        failure.isConflict
            ? APIError(.conflict, .conflict, failure.message) : APIError(.badGateway, .providerError, Redaction.scrub(failure.description))
    }
}
