import Bookings
import Domain
import Foundation
import Storage

extension AgentFunction {
    /// `take_message`: a message for the owner, and a notice to them through the outbox.
    static let takeMessage = AgentFunction(
        name: "take_message",
        description: "Take a message for the owner or staff when you cannot help, or when the caller asks to leave one.",
        arguments: TakeMessage.Arguments.self, mutates: true, speakDuringExecution: false
    ) { args, c in c.reply(try await TakeMessage.handle(args, c)) }
}

enum TakeMessage {
    struct Arguments: AgentArguments {
        static let name = Param<String?>.text("name", "Caller's name.", max: 100).required()
        static let phone = Param<PhoneNumber?>.phone("phone", "Number to call back; defaults to the number calling.")
        static let message = Param<String?>.text("message", "The message, in the caller's words.", max: 4000).required()
        static let urgent = Param<Bool?>.boolean("urgent", "True when the caller says it is urgent.")
        static let parameters = [
            name.parameter, phone.parameter, message.parameter, urgent.parameter, Param<String?>.idempotency, Param<String?>.language,
        ]

        var name: String, message: String, phone: PhoneNumber?, urgent: Bool

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            name = try read(Self.name)
            message = try read(Self.message)
            phone = try read(Self.phone)
            urgent = try read(Self.urgent) ?? false
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let message = MessageTaking.Message(
            callerName: args.name, phone: args.phone ?? c.fromNumber, body: args.message, urgent: args.urgent,
            callID: c.callID)
        let answer = c.answer
        return try await c.messages.take(message, businessID: c.business.id, idempotency: c.idempotency) { id in
            AgentAnswer.encode(
                answer.ok([
                    "message": Phrasebook(answer.language).messageRecorded,
                    "message_id": UUIDText.lowercase(id), "urgent": message.urgent,
                ]))
        }
    }
}
