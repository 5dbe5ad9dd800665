import Foundation
import Workers

/// A Google answer sorted by what the sync should do about it (the reference's error table).
public struct GoogleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case transient
        case permanent
        case rateLimited(until: Date)
        /// 401: the access token is no longer good; refresh once and retry.
        case unauthorized
        /// The refresh token is dead (revoked, expired, app in testing): the connection is invalid until reconnected.
        case invalidGrant
        case notFound
        case gone
        case conflict
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Classifies an HTTP answer from Google's token or Calendar endpoints.
    static func from(status: UInt, body: [String: Any], retryAfter: String?, now: Date = Date()) -> GoogleFailure {
        // OAuth errors are {"error": "invalid_grant", "error_description": …}; API errors {"error": {"errors": [{"reason"}], "message"}}.
        if let code = body["error"] as? String {
            let text = "Google \(status) \(code): \(body["error_description"] as? String ?? "")"
            if code == "invalid_grant" { return GoogleFailure(.invalidGrant, text) }
            return GoogleFailure(status >= 500 ? .transient : .permanent, text)
        }
        let error = body["error"] as? [String: Any] ?? [:]
        let reason = ((error["errors"] as? [[String: Any]])?.first?["reason"] as? String) ?? ""
        let text = "Google \(status)\(reason.isEmpty ? "" : " \(reason)"): \(error["message"] as? String ?? "no message")"
        switch status {
        case 401: return GoogleFailure(.unauthorized, text)
        case 403 where ["rateLimitExceeded", "userRateLimitExceeded"].contains(reason): return GoogleFailure(.transient, text)
        case 403 where ["quotaExceeded", "calendarUsageLimitsExceeded"].contains(reason):
            return GoogleFailure(.rateLimited(until: now.addingTimeInterval(1800)), text)
        case 404: return GoogleFailure(.notFound, text)
        case 409: return GoogleFailure(.conflict, text)
        case 410: return GoogleFailure(.gone, text)
        case 412: return GoogleFailure(.transient, text)
        case 429: return GoogleFailure(.rateLimited(until: RetryAfter.until(retryAfter, now: now)), text)
        case 400 ..< 500: return GoogleFailure(.permanent, text)
        default: return GoogleFailure(.transient, text)
        }
    }

    /// The queue's kind of failure (Google's own kinds are the sync's business): the job result follows from it.
    var provider: ProviderFailure {
        switch kind {
        case .rateLimited(let until): ProviderFailure(.rateLimited(until: until), message)
        case .permanent: ProviderFailure(.permanent, message)
        default: ProviderFailure(.transient, message)
        }
    }

    /// What the job queue should do when the sync ends on this failure.
    var jobResult: JobResult { provider.jobResult }
}
