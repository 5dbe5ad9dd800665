import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A thin, typed client of Retell's provisioning API over AsyncHTTPClient: the calls the provisioner makes, with
/// the shapes of Retell's SDK (retell-sdk 6.2.13, see `../shared/reference/retell-provisioning.md`). It never retries
/// by itself (Retell has no idempotency keys: a retried create could make a second agent or buy a second number);
/// the outbox retries whole, crash-safe steps instead.
public struct RetellClient: Sendable {
    public struct Configuration: Sendable {
        /// The platform's workspace key (one of `RETELL_API_KEYS`).
        public var apiKey: String
        public var baseURL: String
        public var timeout: Duration

        public init(apiKey: String, baseURL: String = "https://api.retellai.com", timeout: Duration = .seconds(15)) {
            self.apiKey = apiKey
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.timeout = timeout
        }
    }

    public struct LLM: Decodable, Sendable {
        public var llmID: String
        public var version: Int?
        /// Where our marker lives (`receptionist`: the business id), so an orphan can be found after a crash.
        public var defaultDynamicVariables: [String: String]?

        enum CodingKeys: String, CodingKey { case llmID = "llmId", version, defaultDynamicVariables }
    }

    public struct Agent: Decodable, Sendable {
        public var agentID: String
        public var version: Int?
        public var agentName: String?

        enum CodingKeys: String, CodingKey { case agentID = "agentId", version, agentName }
    }

    public struct PhoneNumber: Decodable, Sendable {
        public var phoneNumber: String
        public var nickname: String?
    }

    public struct Voice: Decodable, Sendable {
        public var voiceID: String
        public var voiceName: String
        public var provider: String?
        public var gender: String?
        public var accent: String?
        public var previewAudioURL: String?

        enum CodingKeys: String, CodingKey {
            case voiceID = "voiceId", voiceName, provider, gender, accent, previewAudioURL = "previewAudioUrl"
        }
    }

    struct Page<Item: Decodable>: Decodable {
        var items: [Item]
        var hasMore: Bool?
        var paginationKey: String?
    }

    let configuration: Configuration
    let http: HTTPClient

    public init(configuration: Configuration, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = http
    }

    // MARK: LLMs

    public func createLLM(_ body: [String: Any]) async throws -> LLM { try await decode(.POST, "/create-retell-llm", body) }

    /// A partial update of one version (a draft: published versions are immutable).
    public func updateLLM(_ id: String, version: Int?, _ body: [String: Any]) async throws {
        _ = try await send(.PATCH, "/update-retell-llm/\(Self.path(id))" + (version.map { "?version=\($0)" } ?? ""), body)
    }

    public func listLLMs() async throws -> [LLM] { try await pages { "/v2/list-retell-llms?limit=1000" + $0 } }

    public func deleteLLM(_ id: String) async throws { _ = try await send(.DELETE, "/delete-retell-llm/\(Self.path(id))?force_delete=true", nil) }

    // MARK: agents

    public func createAgent(_ body: [String: Any]) async throws -> Agent { try await decode(.POST, "/create-agent", body) }

    /// Updates the agent's latest draft version.
    public func updateAgent(_ id: String, _ body: [String: Any]) async throws { _ = try await send(.PATCH, "/update-agent/\(Self.path(id))", body) }

    /// Agents whose name or id contains `query` (Retell filters; we check the exact name ourselves).
    public func listAgents(query: String) async throws -> [Agent] {
        var agents: [Agent] = []
        var key: String?
        repeat {
            let path = "/v2/list-agents?limit=1000" + (key.map { "&pagination_key=\(Self.path($0))" } ?? "")
            let page: Page<Agent> = try await decode(.POST, path, ["filter_criteria": ["query": query]])
            agents += page.items
            key = page.hasMore == true ? page.paginationKey : nil
        } while key != nil
        return agents
    }

    public func deleteAgent(_ id: String) async throws { _ = try await send(.DELETE, "/delete-agent/\(Self.path(id))", nil) }

    /// A new draft from `base` (its LLM gets the same version number).
    public func createAgentVersion(_ id: String, base: Int) async throws -> Int {
        let agent: Agent = try await decode(.POST, "/create-agent-version/\(Self.path(id))", ["base_version": base])
        guard let version = agent.version else { throw RetellFailure(status: nil, message: "create-agent-version answered no version") }
        return version
    }

    public func publish(_ id: String, version: Int, title: String) async throws {
        _ = try await send(.POST, "/publish-agent-version/\(Self.path(id))", ["version": version, "version_title": title])
    }

    // MARK: numbers and voices

    public func importNumber(_ number: String, terminationURI: String, _ body: [String: Any]) async throws -> PhoneNumber {
        try await decode(.POST, "/import-phone-number", body.merging(["phone_number": number, "termination_uri": terminationURI]) { _, new in new })
    }

    /// Buys a number (Retell charges for it monthly): only after the owner confirmed, and never twice (see the provisioner).
    public func buyNumber(areaCode: Int, _ body: [String: Any]) async throws -> PhoneNumber {
        try await decode(.POST, "/create-phone-number", body.merging(["area_code": areaCode, "country_code": "US"]) { _, new in new })
    }

    public func updateNumber(_ number: String, _ body: [String: Any]) async throws {
        _ = try await send(.PATCH, "/update-phone-number/\(Self.path(number))", body)
    }

    public func listNumbers() async throws -> [PhoneNumber] { try await pages { "/v2/list-phone-numbers?limit=1000" + $0 } }

    public func deleteNumber(_ number: String) async throws { _ = try await send(.DELETE, "/delete-phone-number/\(Self.path(number))", nil) }

    public func listVoices() async throws -> [Voice] { try await decode(.GET, "/list-voices", nil) }

    // MARK: transport

    static func path(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? text
    }

    func pages<Item: Decodable>(_ path: (String) -> String) async throws -> [Item] {
        var items: [Item] = []
        var key: String?
        repeat {
            let page: Page<Item> = try await decode(.GET, path(key.map { "&pagination_key=\(Self.path($0))" } ?? ""), nil)
            items += page.items
            key = page.hasMore == true ? page.paginationKey : nil
        } while key != nil
        return items
    }

    func decode<T: Decodable>(_ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> T {
        let data = try await send(method, path, body)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(T.self, from: data) } catch {
            throw RetellFailure(status: nil, message: "unexpected answer to \(method) \(path.split(separator: "?")[0]): \(error)")
        }
    }

    func send(_ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> Data {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        }
        let limit = configuration.timeout
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(
                request, timeout: .nanoseconds(Int64(limit.components.seconds) * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000))
            bytes = try await response.body.collect(upTo: 8 << 20)
        } catch {
            throw RetellFailure(status: nil, message: "\(method) \(path.split(separator: "?")[0]): \(error)")
        }
        let data = Data(buffer: bytes)
        guard (200 ..< 300).contains(response.status.code) else {
            let message = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["message"] as? String ?? response.status.reasonPhrase
            throw RetellFailure(status: Int(response.status.code), message: message, retryAfter: response.headers.first(name: "Retry-After"))
        }
        return data
    }
}
