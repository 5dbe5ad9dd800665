import Domain
import Foundation
import Storage

/// Sending a booking's details again (the agent's `send_confirmation`): an outbox job for the worker, written in one
/// idempotent transaction like every other mutation.
public struct ConfirmationRequests: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public enum Channel: String, Sendable { case sms, email }

    /// What became of a request; rendered into the stored answer by the caller.
    public enum Outcome: Sendable {
        case queued(confirmationCode: String, channel: Channel)
        case notFound
        /// The booking has no number to text or no address to email.
        case noAddress(Channel)
    }

    public typealias Render = @Sendable (Outcome) throws -> [UInt8]

    public func request(
        businessID: UUID, code: String, channel: Channel, callID: String?, idempotency: IdempotencyKey?,
        render: @escaping Render
    ) async throws -> IdempotentOutcome<Void> {
        return try await database.idempotentTransaction(businessID: businessID, key: idempotency) { session in
            guard let booking = try await BookingSQL.byCode(code, businessID: businessID, lock: false, in: session)
            else {
                return ((), try render(.notFound))
            }
            switch channel {
            case .sms where booking.customerPhone == nil, .email where booking.customerEmail == nil:
                return ((), try render(.noAddress(channel)))
            default: break
            }
            try await Outbox.enqueue(
                .sendConfirmation(booking: booking.id, channel: channel.rawValue, callID: callID), businessID: businessID, in: session)
            return ((), try render(.queued(confirmationCode: booking.confirmationCode, channel: channel)))
        }
    }
}
