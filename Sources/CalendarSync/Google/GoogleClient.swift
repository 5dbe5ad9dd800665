import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Workers

/// Tokens from Google's token endpoint (a refresh usually carries no new refresh token: keep the old one).
public struct GoogleTokens: Sendable {
    public var accessToken: String
    public var expiresIn: Int
    public var refreshToken: String?
    public var scope: String
    public var idToken: String?
}

/// Google's OAuth and Calendar v3 endpoints over AsyncHTTPClient, every answer classified into `GoogleFailure`.
public struct GoogleClient: Sendable {
    public let configuration: GoogleConfiguration
    let http: HTTPClient

    public init(configuration: GoogleConfiguration, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = http
    }

    // MARK: OAuth

    /// The consent page: offline access with a forced consent (a refresh token every time), PKCE S256, our state.
    public func authorizationURL(state: String, challenge: String) -> String {
        let fields = [
            ("client_id", configuration.clientID), ("redirect_uri", configuration.redirectURL), ("response_type", "code"),
            ("scope", GoogleConfiguration.scopes.joined(separator: " ")), ("access_type", "offline"), ("prompt", "consent"),
            ("include_granted_scopes", "true"), ("state", state), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        return configuration.authURL + "?" + FormEncoding.encode(fields)
    }

    public func exchange(code: String, verifier: String) async throws -> GoogleTokens {
        try await token([
            ("code", code), ("client_id", configuration.clientID), ("client_secret", configuration.clientSecret),
            ("redirect_uri", configuration.redirectURL), ("grant_type", "authorization_code"), ("code_verifier", verifier),
        ])
    }

    public func refresh(refreshToken: String) async throws -> GoogleTokens {
        try await token([
            ("refresh_token", refreshToken), ("client_id", configuration.clientID),
            ("client_secret", configuration.clientSecret), ("grant_type", "refresh_token"),
        ])
    }

    public func revoke(token: String) async throws {
        _ = try await send(.POST, configuration.revokeURL, form: [("token", token)])
    }

    /// Google's access tokens last an hour; a lifetime outside a minute to a day is taken as an hour, so a strange
    /// answer can neither make every call refresh nor store a date PostgreSQL cannot hold.
    static func expiresIn(_ value: Any?) -> Int {
        guard let n = value as? NSNumber, let seconds = OutsideNumber.integer(n.doubleValue, in: 60 ... 86_400) else { return 3600 }
        return seconds
    }

    func token(_ form: [(String, String)]) async throws -> GoogleTokens {
        let json = try await send(.POST, configuration.tokenURL, form: form)
        guard let access = json["access_token"] as? String else { throw GoogleFailure(.transient, "Google's token answer had no access_token") }
        return GoogleTokens(
            accessToken: access, expiresIn: Self.expiresIn(json["expires_in"]), refreshToken: json["refresh_token"] as? String,
            scope: (json["scope"] as? String) ?? "", idToken: json["id_token"] as? String)
    }

    // MARK: Calendar

    func eventsURL(_ calendarID: String, _ eventID: String? = nil) -> String {
        let base = "\(configuration.apiBaseURL)/calendar/v3/calendars/\(FormEncoding.escape(calendarID))/events"
        return (eventID.map { "\(base)/\(FormEncoding.escape($0))" } ?? base) + "?sendUpdates=none"
    }

    /// Returns the event's `updated` as Google stamped our write (a later listing older than it predates the write).
    @discardableResult
    public func insertEvent(accessToken: String, calendarID: String, event: Data) async throws -> Date? {
        let json = try await send(.POST, eventsURL(calendarID), bearer: accessToken, json: event)
        return (json["updated"] as? String).flatMap(GoogleEventItem.rfc3339)
    }

    @discardableResult
    public func patchEvent(accessToken: String, calendarID: String, eventID: String, event: Data) async throws -> Date? {
        let json = try await send(.PATCH, eventsURL(calendarID, eventID), bearer: accessToken, json: event)
        return (json["updated"] as? String).flatMap(GoogleEventItem.rfc3339)
    }

    public func deleteEvent(accessToken: String, calendarID: String, eventID: String) async throws {
        _ = try await send(.DELETE, eventsURL(calendarID, eventID), bearer: accessToken)
    }

    /// Busy intervals of one calendar; a calendar answering with `errors` is unknown, not free.
    public func freeBusy(accessToken: String, calendarID: String, from: Date, to: Date, timeout: Duration? = nil) async throws -> [DateInterval] {
        let formatter = ISO8601DateFormatter()
        let body: [String: Any] = ["timeMin": formatter.string(from: from), "timeMax": formatter.string(from: to), "items": [["id": calendarID]]]
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        let json = try await send(.POST, "\(configuration.apiBaseURL)/calendar/v3/freeBusy", bearer: accessToken, json: data, timeout: timeout)
        guard let calendar = (json["calendars"] as? [String: Any])?[calendarID] as? [String: Any] else {
            throw GoogleFailure(.transient, "free/busy answer without the calendar")
        }
        if let errors = calendar["errors"] as? [[String: Any]], !errors.isEmpty {
            throw GoogleFailure(.transient, "free/busy for the calendar failed: \(errors.first?["reason"] as? String ?? "unknown")")
        }
        let parse = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (calendar["busy"] as? [[String: String]] ?? []).compactMap { slot in
            guard let s = slot["start"], let e = slot["end"],
                let start = parse.date(from: s) ?? fractional.date(from: s), let end = parse.date(from: e) ?? fractional.date(from: e),
                start < end
            else { return nil }
            return DateInterval(start: start, end: end)
        }
    }

    // MARK: Transport

    func send(
        _ method: HTTPMethod, _ url: String, bearer: String? = nil, form: [(String, String)]? = nil, json: Data? = nil,
        timeout: Duration? = nil
    ) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let limit = timeout ?? configuration.requestTimeout
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let bytes: ByteBuffer
        do {
            let response = try await http.execute(
                request,
                timeout: .nanoseconds(
                    Int64(limit.components.seconds) * 1_000_000_000
                        + limit.components.attoseconds / 1_000_000_000))
            status = response.status
            headers = response.headers
            bytes = try await response.body.collect(upTo: 4 << 20)
        } catch {
            throw GoogleFailure(.transient, "Google unreachable: \(error)")
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        guard (200 ..< 300).contains(status.code) else {
            throw GoogleFailure.from(status: status.code, body: body, retryAfter: headers.first(name: "Retry-After"))
        }
        return body
    }
}
