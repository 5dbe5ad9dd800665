import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Reads a Retell request's raw body (up to `limit`) and checks its `x-retell-signature` over exactly those bytes;
/// every Retell route (functions, webhooks, inbound) goes through here, so the rule lives in one place.
public enum RetellVerification {
    public static let header = HTTPField.Name("x-retell-signature")!

    public static func verifiedBody(_ request: Request, keys: RetellSignature.Keys, limit: Int, context: AppRequestContext) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, .payloadTooLarge, "request body exceeds \(limit) bytes")
        }
        let raw: ByteBuffer
        do { raw = try await request.body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, .payloadTooLarge, "request body exceeds \(limit) bytes")
        }
        let bytes = Array(raw.readableBytesView)
        do {
            try RetellSignature.verify(
                header: request.headers[header], body: bytes, keys: keys,
                nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        } catch {
            context.logger.warning("retell signature refused", metadata: ["reason": "\(error)", "path": "\(Redaction.path(request.uri.path))"])
            try context.unsignedAllowance?.take()
            throw APIError(.unauthorized, .unauthenticated, "missing or invalid x-retell-signature")
        }
        try context.retellAllowance?.take()
        return bytes
    }
}
