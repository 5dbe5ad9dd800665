import Foundation

/// Why an outside provider (Twilio, an SMTP server, Google) did not do what a job asked, sorted by what the queue
/// should do about it: the one mapping from providers' errors to job results.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Worth another attempt after back-off: 5xx, timeouts, connection failures.
        case transient
        /// No retry can fix it: a rejected number or address, bad credentials.
        case permanent
        /// The provider asked us to wait until then; no attempt is spent.
        case rateLimited(until: Date)
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The queue's answer to this failure.
    public var jobResult: JobResult {
        switch kind {
        case .transient: .retry(message)
        case .permanent: .permanent(message)
        case .rateLimited(let until): .rateLimited(until: until, reason: message)
        }
    }
}
