import Domain
import Foundation
import Storage

/// `send_confirmation` and `take_message`: an outbox row for the worker to send, written idempotently.
enum Messages {
    static func sendConfirmation(_ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let code = try c.args.required("confirmation_code", c.args.code)
        let channel = try c.args.string("channel")?.lowercased() ?? "sms"
        guard ["sms", "email"].contains(channel) else { throw ArgumentError(field: "channel", message: "must be sms or email") }
        let answer = c.answer
        let businessID = c.business.id
        return try await c.database.idempotentTransaction(businessID: businessID, key: c.idempotency) { [logger = c.database.logger] connection in
            guard let booking = try await BookingSQL.byCode(code, businessID: businessID, lock: false, vault: c.database.vault, on: connection, logger: logger) else {
                return ((), AgentAnswer.encode(answer.failure("NOT_FOUND", "No booking with that confirmation code.")))
            }
            if channel == "sms" && booking.customerPhone == nil {
                return ((), AgentAnswer.encode(answer.failure("INVALID_ARGUMENT", "That booking has no phone number to text.", ["field": "channel"])))
            }
            if channel == "email" && booking.customerEmail == nil {
                return ((), AgentAnswer.encode(answer.failure("INVALID_ARGUMENT", "That booking has no email address; offer a text instead.",
                                                              ["field": "channel"])))
            }
            let id = booking.id.uuidString.lowercased()
            try await BookingSQL.enqueue(NewJob(kind: "send_confirmation", payload: ["booking_id": id, "channel": channel],
                                                dedupeKey: "send_confirmation:\(id):\(channel):\(c.callID ?? UUID().uuidString)"),
                                         businessID: businessID, on: connection, logger: logger)
            return ((), AgentAnswer.encode(answer.ok(["message": channel == "sms" ? "A text with the details is on its way." : "An email with the details is on its way.",
                                                       "channel": channel, "confirmation_code": booking.confirmationCode])))
        }
    }

    static func takeMessage(_ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let name = try c.args.required("name") { try c.args.string($0, max: 100) }
        let body = try c.args.required("message") { try c.args.string($0, max: 4000) }
        let phone = try c.args.phone("phone") ?? c.fromNumber
        let urgent = try c.args.bool("urgent") ?? false
        let answer = c.answer
        let businessID = c.business.id
        let callID = c.callID
        return try await c.database.idempotentTransaction(businessID: businessID, key: c.idempotency) { [logger = c.database.logger] connection in
            let id = try await MessageStore.insert(businessID: businessID, callID: callID, name: name, phone: phone?.e164, body: body, urgent: urgent,
                                                   vault: try c.database.requireVault(), on: connection, logger: logger)
            let messageID = id.uuidString.lowercased()
            try await BookingSQL.enqueue(NewJob(kind: "owner_message", payload: ["message_id": messageID], dedupeKey: "owner_message:\(messageID)"),
                                         businessID: businessID, on: connection, logger: logger)
            return ((), AgentAnswer.encode(answer.ok(["message": "The message is recorded and the team will be told.", "message_id": messageID, "urgent": urgent])))
        }
    }
}
