import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Workers

/// Where and as whom SMS are sent; the base URL is configurable so tests talk to a fake Twilio.
public struct TwilioConfiguration: Sendable {
    public var accountSID: String
    public var authToken: String
    public var from: String
    public var baseURL: String
    public var timeout: Duration

    public init(accountSID: String, authToken: String, from: String, baseURL: String = "https://api.twilio.com", timeout: Duration = .seconds(15)) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.baseURL = baseURL
        self.timeout = timeout
    }
}

/// SMS through Twilio's Messages API, with its answers mapped to retry, dead or wait.
public struct TwilioSender: SMSSender {
    let configuration: TwilioConfiguration
    let client: HTTPClient

    public init(configuration: TwilioConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    public func send(to: String, body: String) async throws(ProviderFailure) -> String {
        let c = configuration
        let base = c.baseURL.hasSuffix("/") ? String(c.baseURL.dropLast()) : c.baseURL
        var request = HTTPClientRequest(url: "\(base)/2010-04-01/Accounts/\(c.accountSID)/Messages.json")
        request.method = .POST
        let credentials = Data("\(c.accountSID):\(c.authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode([("Body", body), ("From", c.from), ("To", to)])))
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let bytes: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(c.timeout.components.seconds) * 1_000_000_000))
            status = response.status
            headers = response.headers
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw ProviderFailure(.transient, "Twilio unreachable: \(error)")
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        if (200 ..< 300).contains(status.code), let sid = json["sid"] as? String { return sid }
        throw Self.failure(status: status.code, json: json, retryAfter: headers.first(name: "Retry-After"))
    }

    /// Twilio's error answers: 429 waits, 5xx retries, other 4xx (bad number, unsubscribed, bad credentials) are final.
    static func failure(status: UInt, json: [String: Any], retryAfter: String?, now: Date = Date()) -> ProviderFailure {
        let code = (json["code"] as? Int).map { " (Twilio error \($0))" } ?? ""
        let message = "Twilio \(status)\(code): \(json["message"] as? String ?? "no error message")"
        switch status {
        case 429:
            return ProviderFailure(.rateLimited(until: RetryAfter.until(retryAfter, now: now)), message)
        case 400 ..< 500 where status != 408:
            return ProviderFailure(.permanent, message)
        default:
            return ProviderFailure(.transient, message)
        }
    }
}
