import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id (the caller's `X-Request-Id` when sane), echoes it, tags every log line with it,
/// and writes one access-log line per request (with the tags the handler added, such as Retell's call id).
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public static let header = HTTPField.Name("X-Request-Id")!

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = request.headers[Self.header].flatMap(Self.sanitized) ?? RequestIDs.next()
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        let started = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[Self.header] = id
        // The tagged logger is a copy with the handler's tags set one by one: not made when the line would be dropped.
        guard context.logger.logLevel <= .info else { return response }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.taggedLogger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(Redaction.path(request.uri.path))",
                "status": "\(response.status.code)", "duration_ms": "\(String(format: "%.2f", ms))",
            ])
        return response
    }

    /// Accepts printable ASCII ids up to 128 characters; anything else is replaced, so logs cannot be forged.
    static func sanitized(_ value: String) -> String? {
        guard (1 ... 128).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { return nil }
        return value
    }
}
