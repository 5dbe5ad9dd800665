import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A small Retell on a local port with the SDK's shapes (retell-sdk 6.2.13): LLMs, agents with versions (published
/// ones immutable), phone numbers (import, buy, bind, release), voices. Creates answer 201, deletes 204, unknown ids
/// 422, a wrong key 401; failures (429 with Retry-After, 500) can be scripted per path prefix.
final class FakeRetell: Sendable {
    static let key = TestEnvironment.retellKey

    struct Agent: Sendable {
        var body: [String: String]  // flat JSON text of each field, for assertions
        var name: String
        var version: Int
        var published: Set<Int>
        var llmVersion: Int
    }

    struct State: Sendable {
        var llms: [String: String] = [:]  // id → the latest JSON body
        var llmMarkers: [String: String] = [:]  // id → default_dynamic_variables.receptionist
        var agents: [String: Agent] = [:]
        var numbers: [String: [String: String]] = [:]  // number → nickname, binding (JSON text)
        var purchases = 0
        var requests: [String] = []
        var script: [String: [Int]] = [:]  // path prefix → statuses to answer, in order
        var counter = 0
    }
    let state = Mutex(State())
    private let port = Mutex<Int>(0)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }
    var environment: [String: String] { ["RETELL_API_KEY": Self.key, "RETELL_API_URL": baseURL] }

    static func with<R: Sendable>(_ body: @Sendable (FakeRetell) async throws -> R) async throws -> R {
        let fake = FakeRetell()
        try await fake.start()
        defer { fake.task.withLock { $0?.cancel() } }
        return try await body(fake)
    }

    /// The next calls to paths starting with `prefix` answer these statuses instead.
    func script(_ prefix: String, _ statuses: Int...) { state.withLock { $0.script[prefix, default: []] += statuses } }
    func requests(_ prefix: String) -> [String] { state.withLock { $0.requests.filter { $0.hasPrefix(prefix) } } }

    func start() async throws {
        let router = Router()
        router.on("**", method: .post) { request, context in try await self.handle(request, context) }
        router.on("**", method: .patch) { request, context in try await self.handle(request, context) }
        router.on("**", method: .get) { request, context in try await self.handle(request, context) }
        router.on("**", method: .delete) { request, context in try await self.handle(request, context) }
        let (bound, server) = await LocalServer.start(router)
        task.withLock { $0 = server }
        port.withLock { $0 = bound }
    }

    func handle(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let path = request.uri.path
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let body = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        let query = request.uri.queryParameters
        state.withLock { $0.requests.append("\(request.method) \(path)") }
        guard request.headers[.authorization] == "Bearer \(Self.key)" else { return Self.error(401, "Invalid API key") }
        let scripted = state.withLock { s -> Int? in
            guard let prefix = s.script.keys.first(where: { path.hasPrefix($0) && !(s.script[$0] ?? []).isEmpty }) else { return nil }
            return s.script[prefix]?.removeFirst()
        }
        if let scripted {
            var response = Self.error(scripted, scripted == 429 ? "Account rate limited, please throttle your requests" : "scripted failure")
            if scripted == 429 { response.headers[HTTPField.Name("Retry-After")!] = "1" }
            return response
        }
        let parts = path.split(separator: "/").map(String.init)
        let op = parts.first ?? "", id = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        return state.withLock { s -> Response in
            s.counter += 1
            switch (request.method, op) {
            case (.post, "create-retell-llm"):
                let llmID = "llm_\(s.counter)"
                s.llms[llmID] = Self.text(body)
                s.llmMarkers[llmID] = (body["default_dynamic_variables"] as? [String: String])?["receptionist"]
                return Self.json(201, ["llm_id": llmID, "version": 0])
            case (.patch, "update-retell-llm"):
                guard s.llms[id] != nil else { return Self.error(422, "Cannot find requested asset under given api key") }
                s.llms[id] = Self.text(body)
                return Self.json(200, ["llm_id": id, "version": Int(query.get("version") ?? "0") ?? 0])
            case (.delete, "delete-retell-llm"):
                guard s.llms.removeValue(forKey: id) != nil else { return Self.error(422, "Cannot find requested asset under given api key") }
                return Response(status: .noContent)
            case (.get, "v2") where parts.count > 1 && parts[1] == "list-retell-llms":
                let items = s.llms.keys.sorted().map {
                    ["llm_id": $0, "version": 0, "default_dynamic_variables": ["receptionist": s.llmMarkers[$0] ?? ""]] as [String: Any]
                }
                return Self.json(200, ["items": items, "has_more": false])
            case (.post, "create-agent"):
                guard body["voice_id"] != nil, body["response_engine"] != nil else {
                    return Self.error(400, "voice_id and response_engine are required")
                }
                let agentID = "agent_\(s.counter)"
                s.agents[agentID] = Agent(body: Self.flat(body), name: body["agent_name"] as? String ?? "", version: 0, published: [], llmVersion: 0)
                return Self.json(201, ["agent_id": agentID, "version": 0, "agent_name": body["agent_name"] ?? ""])
            case (.patch, "update-agent"):
                guard var agent = s.agents[id] else { return Self.error(422, "Cannot find requested asset under given api key") }
                guard !agent.published.contains(agent.version) else {
                    return Self.error(400, "the latest version is published; create a draft first")
                }
                agent.body.merge(Self.flat(body)) { _, new in new }
                s.agents[id] = agent
                return Self.json(200, ["agent_id": id, "version": agent.version])
            case (.post, "create-agent-version"):
                guard var agent = s.agents[id] else { return Self.error(422, "Cannot find requested asset under given api key") }
                agent.version += 1
                s.agents[id] = agent
                return Self.json(201, ["agent_id": id, "version": agent.version])
            case (.post, "publish-agent-version"):
                guard var agent = s.agents[id], let version = body["version"] as? Int, version <= agent.version else {
                    return Self.error(422, "Cannot find requested asset under given api key")
                }
                agent.published.insert(version)
                s.agents[id] = agent
                return Response(status: .ok)
            case (.post, "v2") where parts.count > 1 && parts[1] == "list-agents":
                let q = ((body["filter_criteria"] as? [String: Any])?["query"] as? String) ?? ""
                let items = s.agents.filter { q.isEmpty || $0.value.name.contains(q) || $0.key.contains(q) }.keys.sorted().map {
                    ["agent_id": $0, "agent_name": s.agents[$0]?.name ?? "", "version": s.agents[$0]?.version ?? 0] as [String: Any]
                }
                return Self.json(200, ["items": items, "has_more": false])
            case (.delete, "delete-agent"):
                guard s.agents.removeValue(forKey: id) != nil else { return Self.error(422, "Cannot find requested asset under given api key") }
                return Response(status: .noContent)
            case (.post, "import-phone-number"):
                guard let number = body["phone_number"] as? String, body["termination_uri"] != nil else {
                    return Self.error(400, "phone_number and termination_uri are required")
                }
                s.numbers[number] = Self.flat(body)
                return Self.json(201, ["phone_number": number, "nickname": body["nickname"] ?? ""])
            case (.post, "create-phone-number"):
                guard let code = body["area_code"] as? Int else { return Self.error(400, "area_code is required") }
                s.purchases += 1
                let number = "+1\(code)555\(String(format: "%04d", 100 + s.purchases))"
                s.numbers[number] = Self.flat(body)
                return Self.json(201, ["phone_number": number, "nickname": body["nickname"] ?? ""])
            case (.patch, "update-phone-number"):
                guard var number = s.numbers[id] else { return Self.error(422, "Cannot find requested asset under given api key") }
                number.merge(Self.flat(body)) { _, new in new }
                s.numbers[id] = number
                return Self.json(200, ["phone_number": id])
            case (.delete, "delete-phone-number"):
                guard s.numbers.removeValue(forKey: id) != nil else { return Self.error(422, "Cannot find requested asset under given api key") }
                return Response(status: .noContent)
            case (.get, "v2") where parts.count > 1 && parts[1] == "list-phone-numbers":
                let items = s.numbers.keys.sorted().map { ["phone_number": $0, "nickname": s.numbers[$0]?["nickname"] ?? ""] as [String: Any] }
                return Self.json(200, ["items": items, "has_more": false])
            case (.get, "list-voices"):
                return Self.json(
                    200,
                    [
                        [
                            "voice_id": "retell-Cimo", "voice_name": "Cimo", "provider": "elevenlabs", "gender": "female", "accent": "American",
                            "preview_audio_url": "https://retell-utils-public.s3.amazonaws.com/cimo.mp3",
                        ],
                        ["voice_id": "11labs-Adrian", "voice_name": "Adrian", "provider": "elevenlabs", "gender": "male", "accent": "British"],
                    ])
            default:
                return Self.error(404, "no route \(request.method) \(path)")
            }
        }
    }

    /// Each field's JSON text (strings unquoted), for assertions on what we sent.
    static func flat(_ body: [String: Any]) -> [String: String] {
        body.mapValues { value in
            if let text = value as? String { return text }
            if value is NSNull { return "null" }
            return (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])).map {
                String(decoding: $0, as: UTF8.self)
            } ?? ""
        }
    }

    static func text(_ body: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])).map {
            String(decoding: $0, as: UTF8.self)
        } ?? ""
    }

    static func json(_ status: Int, _ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: Int, _ message: String) -> Response { json(status, ["status": "error", "message": message]) }
}
