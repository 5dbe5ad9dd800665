import Foundation
import Hummingbird
import Storage

/// Who is calling: the platform operator, or one business through one of its keys.
public enum Principal: Sendable, Equatable {
    case platform
    case business(id: UUID, keyID: UUID)
}

/// The request context every route sees: the request id for logs and errors, and the authenticated principal.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var principal: Principal?
    /// The client's address, for per-address limits (nil in in-process tests).
    public var remoteAddress: String?
    /// The business's bucket on Retell's signed routes, spent by `RetellVerification` once the signature holds.
    public var retellAllowance: DeferredAllowance?
    /// The client address's bucket for Retell, Google and Twilio deliveries whose proof fails (spent only then).
    public var unsignedAllowance: DeferredAllowance?
    /// Log metadata the handler adds once it has read the body (see `tagLogs`), shared with the middlewares around it.
    public let logTags = RequestLogTags()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are read through `JSONBody`, which applies per-route limits; this is the ceiling for anything else.
    public var maxUploadSize: Int { 1 << 20 }

    /// Responses use the API's snake_case keys and ISO-8601 times.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension AppRequestContext {
    /// The audit row of a change made through the API: the key (or the platform) that made it.
    public func audit(_ action: String, business: UUID, detail: [String: String] = [:]) -> AuditEntry {
        switch principal {
        case .business(_, let keyID):
            AuditEntry(businessID: business, actorType: .apiKey, actorID: keyID.uuidString.lowercased(), action: action, detail: detail)
        case .platform, nil:
            AuditEntry(businessID: business, actorType: .platform, actorID: nil, action: action, detail: detail)
        }
    }
}
