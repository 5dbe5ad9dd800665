import Crypto
import Domain
import Foundation
import RetellFunctions
import Storage

/// Everything we write into Retell for one business, rendered from its facts: the LLM (prompt, begin message, our
/// tools, transfer and end-call), the agent (voice, language, time zone, our webhook, post-call analysis) and the
/// number's binding. Its hash says whether a sync has anything to change.
public struct AgentConfiguration: Sendable {
    /// The LLM's and the agent's bodies as JSON (kept as bytes: a value that crosses tasks).
    let llmJSON: Data
    let agentJSON: Data
    public let hash: String

    public var llm: [String: Any] { (try? JSONSerialization.jsonObject(with: llmJSON)) as? [String: Any] ?? [:] }
    public var agent: [String: Any] { (try? JSONSerialization.jsonObject(with: agentJSON)) as? [String: Any] ?? [:] }

    /// The name and nickname that mark Retell's assets as this business's (found again after a crash).
    public static func marker(_ businessID: UUID) -> String { "receptionist-\(businessID.uuidString.lowercased())" }

    public init(business: Business, rules: BookingRules, voiceID: String, language: String, publicBaseURL: String) {
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        var tools: [[String: Any]] = AgentSetup.customTools(baseURL: base, businessID: business.id, intake: rules.policy.intakeQuestions)
        tools.append(["type": "end_call", "name": "end_call", "description": "End the call once the caller has what they needed and says goodbye."])
        if let transfer = business.transferPhone {
            tools.append([
                "type": "transfer_call", "name": "transfer_call",
                "description":
                    "Transfer the caller to a person at \(business.name) when they ask for one, or when an answer says action transfer_call.",
                "transfer_destination": ["type": "predefined", "number": transfer.e164],
                "transfer_option": ["type": "cold_transfer", "cold_transfer_mode": "sip_refer"],
            ])
        }
        let llm: [String: Any] = [
            "general_prompt": AgentSetup.prompt(business, rules),
            "begin_message": Phrasebook(Language(loose: language) ?? business.language).greeting(business.name),
            "start_speaker": "agent",
            "general_tools": tools,
            "default_dynamic_variables": ["receptionist": business.id.uuidString.lowercased()],
        ]
        let agent: [String: Any] = [
            "voice_id": voiceID, "language": language, "timezone": business.timezone.identifier,
            "agent_name": Self.marker(business.id), "webhook_url": "\(base)/v1/retell/webhooks",
            "post_call_analysis_data": [
                ["type": "system-presets", "name": "call_summary"], ["type": "system-presets", "name": "call_successful"],
                ["type": "system-presets", "name": "user_sentiment"],
            ],
        ]
        self.llmJSON = (try? JSONSerialization.data(withJSONObject: llm, options: [.sortedKeys])) ?? Data()
        self.agentJSON = (try? JSONSerialization.data(withJSONObject: agent, options: [.sortedKeys])) ?? Data()
        self.hash = SHA256.hash(data: llmJSON + agentJSON).map { String(format: "%02x", $0) }.joined()
    }

    /// The number's settings: our inbound route, its nickname, and the agent's latest published version (a draft
    /// being edited never answers a call).
    public static func numberSettings(agentID: String?, businessID: UUID, publicBaseURL: String) -> [String: Any] {
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        return [
            "nickname": marker(businessID), "inbound_webhook_url": "\(base)/v1/retell/inbound",
            "inbound_agents": agentID.map { [["agent_id": $0, "weight": 1, "agent_version": "latest_published"]] } ?? [],
        ]
    }
}
