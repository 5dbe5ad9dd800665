import Bookings
import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird

/// Customers' texts to the platform's number, from Twilio: the signature checked over the public URL and every form
/// field before anything is read or stored, then `TextReplies` decides, and the answer goes back as TwiML.
public struct TwilioSMSController: Sendable {
    let replies: TextReplies
    /// Twilio's auth token (the signing key); nil when Twilio is not configured.
    let authToken: String?
    /// Where Twilio reaches us (`PUBLIC_BASE_URL`): the URL it signed.
    let publicBaseURL: String

    public init(replies: TextReplies, authToken: String?, publicBaseURL: String) {
        self.replies = replies
        self.authToken = authToken
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func addRoutes(to root: RouteTable) {
        root.add(Self.inboundOperation, use: inbound)
    }

    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let authToken else {
            throw APIError(.serviceUnavailable, .notConfigured, "Twilio is not configured on this server (TWILIO_AUTH_TOKEN)")
        }
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        let fields = Self.form(String(buffer: body))
        let url = publicBaseURL + request.uri.description
        let signature = request.headers[HTTPField.Name("X-Twilio-Signature")!]
        guard TwilioSignature.valid(signature, authToken: authToken, url: url, parameters: fields) else {
            context.logger.warning("text refused: X-Twilio-Signature does not match")
            try context.unsignedAllowance?.take()
            throw APIError(.forbidden, .forbidden, "the X-Twilio-Signature does not match this request")
        }
        func field(_ name: String) throws -> String {
            guard let value = fields.first(where: { $0.0 == name })?.1, !value.isEmpty else {
                throw APIError(.badRequest, .validationFailed, "is required", field: name)
            }
            return value
        }
        let sid = try field("MessageSid"), text = fields.first(where: { $0.0 == "Body" })?.1 ?? ""
        let from: PhoneNumber
        do { from = try PhoneNumber(try field("From"), field: "From") } catch is ValidationError {
            throw APIError(.badRequest, .validationFailed, "is not a phone number", field: "From")
        }
        let answer = try await replies.handle(.init(messageSID: String(sid.prefix(64)), from: from, body: String(text.prefix(1600))))
        return Response(
            status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: Self.twiML(answer))))
    }

    /// `application/x-www-form-urlencoded` pairs in their order ("+" is a space), repeated names kept.
    static func form(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// The answer as TwiML, escaped; nothing to say is an empty response (Twilio then sends nothing).
    static func twiML(_ answer: String) -> String {
        guard !answer.isEmpty else { return #"<?xml version="1.0" encoding="UTF-8"?><Response/>"# }
        let escaped = answer.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return #"<?xml version="1.0" encoding="UTF-8"?><Response><Message>"# + escaped + "</Message></Response>"
    }
}
