import AsyncHTTPClient
import Domain
import Foundation
import NIOCore

/// Twilio's side of an inbound text: the form Twilio posts to a number's incoming webhook (its real field names),
/// signed as Twilio signs it (`X-Twilio-Signature` over the URL Twilio was given and every field), or forged.
extension FakeTwilio {
    struct Answer: Sendable {
        var status: Int
        var body: String
    }

    /// Posts a text from `from` to our number. `signedURL`: the webhook URL as configured at Twilio (what it signs);
    /// `address`: where this test reaches the server. `signature` replaces the real one (a forgery).
    func text(
        address: String, signedURL: String, from: String, body: String,
        sid: String = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: ""),
        signature: String? = nil
    ) async throws -> Answer {
        let fields: [(String, String)] = [
            ("ToCountry", "US"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("SmsSid", sid), ("SmsStatus", "received"), ("Body", body),
            ("To", Self.from), ("NumSegments", "1"), ("MessageSid", sid), ("AccountSid", Self.accountSID), ("From", from),
            ("ApiVersion", "2010-04-01"),
        ]
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let encoded = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        request.headers.add(
            name: "X-Twilio-Signature",
            value: signature ?? TwilioSignature.compute(authToken: Self.authToken, url: signedURL, parameters: fields))
        request.body = .bytes(ByteBuffer(string: encoded))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: bytes))
    }
}
