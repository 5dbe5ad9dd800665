import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A small Twilio Messages API on a local port: checks basic auth and the form fields like Twilio, answers 201 with a
/// message resource, and can be told to answer the next requests with Twilio's real failures (429 with Retry-After,
/// 500, a 400 with an error code) or to never answer at all.
final class FakeTwilio: Sendable {
    enum Scripted: Sendable {
        case rateLimited(retryAfter: Int)
        case serverError
        case invalidNumber
        /// Holds the request open until the fake is stopped, like a provider that stopped answering.
        case hang
        /// Answers normally, but only after this long.
        case slow(Duration)
    }

    struct Message: Sendable, Equatable {
        var sid: String
        var to: String
        var from: String
        var body: String
    }

    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)
    static let authToken = "test-auth-token-0123456789"
    static let from = "+15005550006"

    private struct State {
        var script: [Scripted] = []
        var messages: [Message] = []
        var requests = 0
        var inFlight = 0
    }
    private let state = Mutex(State())
    private let port = Mutex<Int?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    var messages: [Message] { state.withLock { $0.messages } }
    var requests: Int { state.withLock { $0.requests } }
    /// Slow requests that have started (they may still be running).
    var slowStarted: Int { state.withLock { $0.inFlight } }
    func script(_ answers: Scripted...) { state.withLock { $0.script += answers } }

    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 } ?? 0)" }

    /// The environment that points the product's Twilio sender here.
    var environment: [String: String] {
        ["TWILIO_ACCOUNT_SID": Self.accountSID, "TWILIO_AUTH_TOKEN": Self.authToken, "TWILIO_FROM": Self.from, "TWILIO_BASE_URL": baseURL]
    }

    /// Starts the fake, runs `body`, and stops the fake.
    static func with<R: Sendable>(_ body: @Sendable (FakeTwilio) async throws -> R) async throws -> R {
        let fake = FakeTwilio()
        try await fake.start()
        do {
            let result = try await body(fake)
            fake.stop()
            return result
        } catch {
            fake.stop()
            throw error
        }
    }

    func start() async throws {
        let router = Router()
        router.post("/2010-04-01/Accounts/:sid/Messages.json") { request, context in try await self.create(request, context) }
        let (bound, server) = await LocalServer.start(router)
        task.withLock { $0 = server }
        port.withLock { $0 = bound }
    }

    func stop() { task.withLock { $0?.cancel() } }

    func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 16)
        let expected = "Basic " + Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
        let next = state.withLock { s -> Scripted? in
            s.requests += 1
            return s.script.isEmpty ? nil : s.script.removeFirst()
        }
        guard request.headers[.authorization] == expected, context.parameters.get("sid") == Self.accountSID else {
            return Self.error(401, 20003, "Authenticate")
        }
        switch next {
        case .rateLimited(let seconds):
            var response = Self.error(429, 20429, "Too Many Requests")
            response.headers[HTTPField.Name("Retry-After")!] = String(seconds)
            return response
        case .serverError: return Self.error(500, 20500, "Internal Server Error")
        case .invalidNumber: return Self.error(400, 21211, "The 'To' number is not a valid phone number.")
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            return Self.error(500, 20500, "never")
        case .slow(let delay):
            state.withLock { $0.inFlight += 1 }
            try await Task.sleep(for: delay)
        case nil: break
        }
        let form = Self.parseForm(String(buffer: body))
        guard let to = form["To"], let from = form["From"], let text = form["Body"], !text.isEmpty else {
            return Self.error(400, 21604, "A 'To' phone number, 'From' and 'Body' are required.")
        }
        guard to.hasPrefix("+"), to.dropFirst().allSatisfy(\.isNumber), (8 ... 16).contains(to.count) else {
            return Self.error(400, 21211, "The 'To' number \(to) is not a valid phone number.")
        }
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        state.withLock { $0.messages.append(Message(sid: sid, to: to, from: from, body: text)) }
        return Self.json(201, ["sid": sid, "status": "queued", "to": to, "from": from, "body": text, "account_sid": Self.accountSID])
    }

    static func error(_ status: Int, _ code: Int, _ message: String) -> Response {
        json(status, ["code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)", "status": status])
    }

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }
}
