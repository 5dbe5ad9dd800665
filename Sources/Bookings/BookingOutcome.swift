import Domain
import Foundation
import Storage

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

/// A booking mutation's result (fresh, replayed or a misused key).
public typealias MutationResult = IdempotentOutcome<BookingOutcome>
