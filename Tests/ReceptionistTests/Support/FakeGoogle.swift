import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A small Google on a local port: the OAuth token / revoke endpoints (PKCE checked, refresh tokens that can be
/// revoked into `invalid_grant`), Calendar v3 events insert / patch / delete with Google's id rules (409 on a
/// duplicate id, 410 on deleting a cancelled event) and free/busy. Failures can be scripted per endpoint. Two-way sync
/// (a change log behind events.list with sync tokens, watch channels, push notifications, the owner's own edits) is in
/// FakeGoogleSync.swift.
final class FakeGoogle: Sendable {
    static let clientID = "test-client.apps.googleusercontent.com"
    static let clientSecret = "GOCSPX-test-secret-0123456789"
    static let allScopes =
        "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar.events "
        + "https://www.googleapis.com/auth/calendar.freebusy"

    enum Endpoint: Sendable { case token, events, freeBusy, list, watch, stop }
    enum Scripted: Sendable {
        case status(Int, [String: String] = [:], retryAfter: Int? = nil)
        case rateLimitExceeded
        case slow(Duration)
    }

    /// One event as Google holds it: `raw` is the full current object (with `etag`, `updated`), `seq` its last change.
    struct Event: Sendable {
        var json: [String: String]
        var raw: Data
        var status: String
        var seq = 0
    }
    struct Grant: Sendable {
        var challenge: String
        var scopes: String
        var email: String
    }

    struct State: Sendable {
        var grants: [String: Grant] = [:]
        var liveAccess: Set<String> = []
        var refreshTokens: [String: Bool] = [:]  // token → revoked
        var revoked: [String] = []
        var events: [String: Event] = [:]  // "<calendar>/<id>"
        var busy: [DateInterval] = []
        var script: [String: [Scripted]] = [:]
        var requests: [String] = []
        var refreshes = 0
        var issued: [String] = []
        var inserts = 0
        // Two-way sync (FakeGoogleSync.swift).
        var changeSeq = 0  // the change log's position: every event change takes the next one
        var tokenGeneration = 0  // sync tokens issued under an older generation answer 410
        var syncPoints: [String: SyncPoint] = [:]  // nextSyncToken → what it stands for
        var tokenCounter = 0
        var channels: [Channel] = []  // every channel opened; stopped and expired ones stay, flagged
        var stoppedChannels: [String] = []  // ids of channels.stop calls answered 204
        var deliveries: [Delivery] = []
        var autoNotify = true
        var listCalls = 0
        var listsInFlight: [String: Int] = [:]  // calendar → events.list requests being answered
        var maxConcurrentLists = 0
    }
    let state = Mutex(State())
    private let port = Mutex<Int>(0)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }

    var environment: [String: String] {
        [
            "GOOGLE_CLIENT_ID": Self.clientID, "GOOGLE_CLIENT_SECRET": Self.clientSecret, "GOOGLE_AUTH_URL": "\(baseURL)/o/oauth2/v2/auth",
            "GOOGLE_TOKEN_URL": "\(baseURL)/token", "GOOGLE_REVOKE_URL": "\(baseURL)/revoke", "GOOGLE_API_URL": baseURL,
        ]
    }

    static func with<R: Sendable>(_ body: @Sendable (FakeGoogle) async throws -> R) async throws -> R {
        let fake = FakeGoogle()
        try await fake.start()
        defer { fake.task.withLock { $0?.cancel() } }
        return try await body(fake)
    }

    func script(_ endpoint: Endpoint, _ answers: Scripted...) { state.withLock { $0.script["\(endpoint)", default: []] += answers } }

    /// What the admin's consent gives back: a code bound to the PKCE challenge of the authorization URL.
    func approve(challenge: String, scopes: String = FakeGoogle.allScopes, email: String = "owner@gmail.test") -> String {
        let code = "4/0A" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        state.withLock { $0.grants[code] = Grant(challenge: challenge, scopes: scopes, email: email) }
        return code
    }

    /// The user revoked access: refreshing answers invalid_grant and current access tokens stop working.
    func revokeEverything() {
        state.withLock { s in
            for key in s.refreshTokens.keys { s.refreshTokens[key] = true }
            s.liveAccess.removeAll()
        }
    }

    /// Access tokens expire (the next API call answers 401; a refresh gets a new one).
    func expireAccessTokens() { state.withLock { $0.liveAccess.removeAll() } }

    var events: [String: Event] { state.withLock { $0.events } }
    /// Every token the fake has handed out, to look for leaks.
    var issuedSecrets: [String] { state.withLock { $0.issued } }

    func start() async throws {
        let router = Router()
        router.post("token") { request, _ in try await self.token(request) }
        router.post("revoke") { request, _ in
            let form = FakeTwilio.parseForm(String(buffer: try await request.body.collect(upTo: 1 << 16)))
            self.state.withLock { s in
                if let t = form["token"] {
                    s.revoked.append(t)
                    if s.refreshTokens[t] != nil { s.refreshTokens[t] = true }
                }
            }
            return Response(status: .ok)
        }
        router.post("calendar/v3/calendars/:calendar/events") { request, context in
            try await self.events(request, calendar: Self.decoded(context.parameters.get("calendar")), id: nil)
        }
        router.get("calendar/v3/calendars/:calendar/events") { request, context in
            try await self.list(request, calendar: Self.decoded(context.parameters.get("calendar")))
        }
        router.post("calendar/v3/calendars/:calendar/events/watch") { request, context in
            try await self.watch(request, calendar: Self.decoded(context.parameters.get("calendar")))
        }
        router.post("calendar/v3/channels/stop") { request, _ in try await self.stop(request) }
        router.patch("calendar/v3/calendars/:calendar/events/:id") { request, context in
            try await self.events(
                request, calendar: Self.decoded(context.parameters.get("calendar")), id: Self.decoded(context.parameters.get("id")))
        }
        router.delete("calendar/v3/calendars/:calendar/events/:id") { request, context in
            try await self.events(
                request, calendar: Self.decoded(context.parameters.get("calendar")), id: Self.decoded(context.parameters.get("id")))
        }
        router.post("calendar/v3/freeBusy") { request, _ in try await self.freeBusy(request) }
        let (bound, server) = await LocalServer.start(router)
        task.withLock { $0 = server }
        port.withLock { $0 = bound }
    }

    func scripted(_ endpoint: Endpoint) async throws -> Response? {
        let next = state.withLock { s -> Scripted? in
            guard var queue = s.script["\(endpoint)"], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            s.script["\(endpoint)"] = queue
            return first
        }
        switch next {
        case .status(let code, let body, let retryAfter):
            var response = Self.json(
                code, body.isEmpty ? ["error": ["code": code, "message": "scripted failure", "errors": [["reason": "backendError"]]]] : body)
            if let retryAfter { response.headers[HTTPField.Name("Retry-After")!] = String(retryAfter) }
            return response
        case .rateLimitExceeded:
            return Self.json(
                403,
                ["error": ["code": 403, "message": "Rate Limit Exceeded", "errors": [["domain": "usageLimits", "reason": "rateLimitExceeded"]]]])
        case .slow(let delay):
            try await Task.sleep(for: delay)
            return nil
        case nil: return nil
        }
    }

    func token(_ request: Request) async throws -> Response {
        let form = FakeTwilio.parseForm(String(buffer: try await request.body.collect(upTo: 1 << 16)))
        if let scripted = try await scripted(.token) { return scripted }
        guard form["client_id"] == Self.clientID, form["client_secret"] == Self.clientSecret else {
            return Self.json(401, ["error": "invalid_client", "error_description": "The OAuth client was not found."])
        }
        let access = "ya29." + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let grant = state.withLock({ $0.grants.removeValue(forKey: code) }) else {
                return Self.json(400, ["error": "invalid_grant", "error_description": "Malformed auth code."])
            }
            let computed = Base64URL.encode(Array(SHA256.hash(data: Data((form["code_verifier"] ?? "").utf8))))
            guard computed == grant.challenge else {
                return Self.json(400, ["error": "invalid_grant", "error_description": "Invalid code verifier."])
            }
            let refresh = "1//0g" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            state.withLock {
                $0.liveAccess.insert(access)
                $0.refreshTokens[refresh] = false
                $0.issued += [access, refresh]
            }
            let claims = try JSONSerialization.data(withJSONObject: [
                "iss": "https://accounts.google.com", "email": grant.email, "email_verified": true, "sub": "1234",
            ])
            let idToken = "eyJhbGciOiJSUzI1NiJ9." + Base64URL.encode(Array(claims)) + ".c2lnbmF0dXJl"
            return Self.json(
                200,
                [
                    "access_token": access, "expires_in": 3599, "refresh_token": refresh, "scope": grant.scopes,
                    "token_type": "Bearer", "id_token": idToken,
                ])
        case "refresh_token":
            let ok = state.withLock { s -> Bool in
                s.refreshes += 1
                guard let token = form["refresh_token"], s.refreshTokens[token] == false else { return false }
                s.liveAccess.insert(access)
                s.issued.append(access)
                return true
            }
            guard ok else { return Self.json(400, ["error": "invalid_grant", "error_description": "Token has been expired or revoked."]) }
            return Self.json(200, ["access_token": access, "expires_in": 3599, "scope": Self.allScopes, "token_type": "Bearer"])
        default:
            return Self.json(400, ["error": "unsupported_grant_type"])
        }
    }

    func authorized(_ request: Request) -> Bool {
        let header = request.headers[.authorization] ?? ""
        return header.hasPrefix("Bearer ") && state.withLock { $0.liveAccess.contains(String(header.dropFirst(7))) }
    }

    func events(_ request: Request, calendar: String, id: String?) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        state.withLock { $0.requests.append("\(request.method) \(request.uri)") }
        if let scripted = try await scripted(.events) { return scripted }
        guard authorized(request) else {
            return Self.json(401, ["error": ["code": 401, "message": "Invalid Credentials", "errors": [["reason": "authError"]]]])
        }
        let data = Data(buffer: body)
        let object = Self.jsonObject(data)
        switch request.method {
        case .post:
            guard let eventID = object["id"] as? String, eventID.count >= 5,
                eventID.allSatisfy({ ("a" ... "v").contains($0) || ("0" ... "9").contains($0) })
            else {
                return Self.json(400, ["error": ["code": 400, "message": "Invalid resource id value.", "errors": [["reason": "invalid"]]]])
            }
            let key = "\(calendar)/\(eventID)"
            let (stored, notices) = state.withLock { s -> (Data?, [Notice]) in
                guard s.events[key] == nil else { return (nil, []) }
                s.inserts += 1
                return (s.commit(key, Self.jsonObject(data)), s.notices(for: calendar))
            }
            guard let stored else {
                return Self.json(
                    409, ["error": ["code": 409, "message": "The requested identifier already exists.", "errors": [["reason": "duplicate"]]]])
            }
            send(notices)
            return Self.json(200, Self.jsonObject(stored))
        case .patch:
            let key = "\(calendar)/\(id ?? "")"
            let (stored, notices) = state.withLock { s -> (Data?, [Notice]) in
                guard let event = s.events[key] else { return (nil, []) }
                let merged = Self.jsonObject(event.raw).merging(Self.jsonObject(data)) { _, new in new }
                return (s.commit(key, merged), s.notices(for: calendar))
            }
            guard let stored else {
                return Self.json(404, ["error": ["code": 404, "message": "Not Found", "errors": [["reason": "notFound"]]]])
            }
            send(notices)
            return Self.json(200, Self.jsonObject(stored))
        default:
            let key = "\(calendar)/\(id ?? "")"
            let (status, notices) = state.withLock { s -> (Int, [Notice]) in
                guard let event = s.events[key] else { return (404, []) }
                if event.status == "cancelled" { return (410, []) }
                var cancelled = Self.jsonObject(event.raw)
                cancelled["status"] = "cancelled"  // details stay, as on the organizer's calendar
                _ = s.commit(key, cancelled)
                return (204, s.notices(for: calendar))
            }
            send(notices)
            return status == 204
                ? Response(status: .noContent)
                : Self.json(status, ["error": ["code": status, "message": status == 410 ? "Resource has been deleted" : "Not Found"]])
        }
    }

    func freeBusy(_ request: Request) async throws -> Response {
        let data = Data(buffer: try await request.body.collect(upTo: 1 << 16))
        if let scripted = try await scripted(.freeBusy) { return scripted }
        guard authorized(request) else { return Self.json(401, ["error": ["code": 401, "message": "Invalid Credentials"]]) }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let calendar = ((object["items"] as? [[String: String]])?.first?["id"]) ?? "primary"
        let formatter = ISO8601DateFormatter()
        let busy = state.withLock { $0.busy }.map { ["start": formatter.string(from: $0.start), "end": formatter.string(from: $0.end)] }
        return Self.json(200, ["kind": "calendar#freeBusy", "calendars": [calendar: ["busy": busy]]])
    }

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
