import Domain
import Foundation

/// What a booking mutation came to; the HTTP layers turn it into their own answers.
public enum BookingOutcome: Sendable {
    case booked(Booking)
    case modified(before: Booking, after: Booking)
    case cancelled(Booking, alreadyCancelled: Bool)
    case refused(Refusal, alternatives: [Slot])
    case notFound
    /// The booking is in a state that cannot change that way (e.g. modifying a cancelled booking).
    case notModifiable(BookingStatus)
}

/// A mutation's result: fresh, with the bytes that were stored for replays, or a replay of an earlier answer.
public enum MutationResult: Sendable {
    case fresh(BookingOutcome, body: [UInt8])
    case replayed(body: [UInt8])
    /// The idempotency key was used before with different arguments.
    case keyReused
}

/// Identifies a retried request: the same scope + key with the same request hash replays the stored answer.
public struct IdempotencyKey: Sendable {
    public var scope: String
    public var key: String
    public var requestHash: [UInt8]

    public init(scope: String, key: String, requestHash: [UInt8]) {
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
    }
}
