import Foundation

/// Busy times from outside Postgres (the owner's Google Calendar). Answers nil when they are unknown (not enabled,
/// not connected, slow or failing), and the caller then answers from Postgres alone: never a refusal because of it.
public protocol ExternalBusyTimes: Sendable {
    func busy(businessID: UUID, from: Date, to: Date) async -> [DateInterval]?
    /// Whether this business uses outside busy times at all (cheap, cached): callers skip preparing a lookup when not.
    func applies(to businessID: UUID) async -> Bool
}
