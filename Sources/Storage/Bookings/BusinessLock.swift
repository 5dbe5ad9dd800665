import Domain
import Foundation

/// How a transaction takes its business's lock (what serialises one business's capacity decisions until commit):
/// by its own statement, or within the idempotency claim that opens a mutation (one round trip fewer for a caller).
public enum BusinessLock: Sendable {
    case none
    /// Wait for it.
    case wait
    /// Take it only if nobody holds it (a create in a rush decides on what has committed first).
    case tryOnly

    /// The SQL expression that takes it, true when taken; nil for `.none`.
    func taking(_ businessID: UUID) -> SQLPart? {
        let key = UUIDText.lowercase(businessID)
        return switch self {
        case .none: nil
        case .wait: "(SELECT true FROM pg_advisory_xact_lock(hashtextextended(\(key), 7)))"
        case .tryOnly: "pg_try_advisory_xact_lock(hashtextextended(\(key), 7))"
        }
    }
}
