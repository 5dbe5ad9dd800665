import Domain
import Foundation
import Storage

/// A message for the owner (the agent's `take_message`): the sealed message row and its owner notice in the outbox,
/// in one idempotent transaction.
public struct MessageTaking: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Message: Sendable {
        public var callerName: String
        public var phone: PhoneNumber?
        public var body: String
        public var urgent: Bool
        public var callID: String?

        public init(callerName: String, phone: PhoneNumber?, body: String, urgent: Bool, callID: String?) {
            self.callerName = callerName
            self.phone = phone
            self.body = body
            self.urgent = urgent
            self.callID = callID
        }
    }

    /// Stores `message`; `render` turns the new message's id into the stored answer.
    public func take(
        _ message: Message, businessID: UUID, idempotency: IdempotencyKey?,
        render: @escaping @Sendable (UUID) throws -> [UInt8]
    ) async throws -> IdempotentOutcome<Void> {
        let vault = try database.requireVault()
        return try await database.idempotentTransaction(businessID: businessID, key: idempotency) { session in
            let id = try await MessageStore.insert(
                businessID: businessID, callID: message.callID, name: message.callerName,
                phone: message.phone?.e164, body: message.body, urgent: message.urgent,
                in: session)
            try await Outbox.enqueue(.ownerMessage(id), businessID: businessID, in: session)
            return ((), try render(id))
        }
    }
}
