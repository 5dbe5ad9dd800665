import Foundation

/// Why a provider did not take a message, sorted by what the queue should do about it.
public struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
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

/// Sends a text message; returns the provider's id for it.
public protocol SMSSender: Sendable {
    func send(to: String, body: String) async throws(DeliveryFailure) -> String
}

/// Sends a plain-text email; returns its Message-ID.
public protocol EmailSender: Sendable {
    func send(to: String, subject: String, body: String) async throws(DeliveryFailure) -> String
}
