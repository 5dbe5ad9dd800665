import Bookings
import Storage
import Foundation

extension AgentFunction {
    /// `take_message`: a message for the owner, and a notice to them through the outbox.
    static let takeMessage = AgentFunction(
        name: "take_message",
        description: "Take a message for the owner or staff when you cannot help, or when the caller asks to leave one.",
        parameters: [
            Parameter("name", .string, "Caller's name.", required: true), Parameter("phone", .string, "Number to call back; defaults to the number calling."),
            Parameter("message", .string, "The message, in the caller's words.", required: true),
            Parameter("urgent", .boolean, "True when the caller says it is urgent."), .idempotency,
        ],
        mutates: true, speakDuringExecution: false
    ) { c in c.reply(try await TakeMessage.handle(c)) }
}

enum TakeMessage {
    static func handle(_ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let message = MessageTaking.Message(
            callerName: try c.args.required("name") { try c.args.string($0, max: 100) },
            phone: try c.args.phone("phone") ?? c.fromNumber,
            body: try c.args.required("message") { try c.args.string($0, max: 4000) },
            urgent: try c.args.bool("urgent") ?? false,
            callID: c.callID)
        let answer = c.answer
        return try await c.messages.take(message, businessID: c.business.id, idempotency: c.idempotency) { id in
            AgentAnswer.encode(answer.ok(["message": "The message is recorded and the team will be told.",
                                          "message_id": id.uuidString.lowercased(), "urgent": message.urgent]))
        }
    }
}
