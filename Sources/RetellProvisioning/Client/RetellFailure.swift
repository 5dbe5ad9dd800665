import Foundation
import Workers

/// Why Retell did not do what we asked, sorted by what to do about it (Retell's error body is
/// `{"status": "error", "message": …}`; 422 is its "cannot find" answer).
public struct RetellFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int?
    public var message: String
    public var retryAfter: String?

    public var description: String { status.map { "Retell \($0): \(message)" } ?? "Retell unreachable: \(message)" }

    /// Another operation on this business's agent is running (ours, not Retell's answer): try again shortly.
    public static let busy = RetellFailure(status: 409, message: "another change to this phone agent is in progress; try again in a minute")

    /// The number to import is already at the platform's Retell account as someone else's line.
    public static let numberTaken = RetellFailure(status: 409, message: "that number is already connected on this platform")

    /// Refusals of ours (not Retell's answer): the request conflicts with the state here.
    public var isConflict: Bool { self == .busy || self == .numberTaken }

    /// Our platform key refused: no retry can fix it; the connection is broken until an operator fixes the key.
    public var keyRefused: Bool { status == 401 || status == 403 }
    /// The asset is not there (already deleted, or never made).
    public var notFound: Bool { status == 404 || status == 422 }

    /// The queue's view: 429 waits as asked, 5xx / 408 / 409 / timeouts retry with back-off, the rest are final.
    public var providerFailure: ProviderFailure {
        guard let status else { return ProviderFailure(.transient, description) }
        switch status {
        case 408, 409, 500 ..< 600: return ProviderFailure(.transient, description)
        case 429: return ProviderFailure(.rateLimited(until: RetryAfter.until(retryAfter)), description)
        default: return ProviderFailure(.permanent, description)
        }
    }
}
