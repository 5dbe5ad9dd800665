import Bookings
import Domain
import Foundation
import Storage

extension AgentFunction {
    /// `send_confirmation`: the booking's details again, by text or email, through the outbox.
    static let sendConfirmation = AgentFunction(
        name: "send_confirmation",
        description: "Send the booking's details to the caller by text message (or email when asked).",
        arguments: SendConfirmation.Arguments.self, mutates: true, speakDuringExecution: false
    ) { args, c in c.reply(try await SendConfirmation.handle(args, c)) }
}

enum SendConfirmation {
    struct Arguments: AgentArguments {
        static let code = Param<String>.code
        static let channel = Param<String?>.choice("channel", "sms (default) or email.", allowed: ["sms", "email"])
        static let parameters = [code.parameter, channel.parameter, Param<String?>.idempotency, Param<String?>.language]

        var code: String, channel: ConfirmationRequests.Channel

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            code = try read(Self.code)
            channel = try read(Self.channel).flatMap(ConfirmationRequests.Channel.init(rawValue:)) ?? .sms
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> IdempotentOutcome<Void> {
        let answer = c.answer
        return try await c.confirmations.request(
            businessID: c.business.id, code: args.code, channel: args.channel, callID: c.callID,
            idempotency: c.idempotency
        ) { outcome in
            switch outcome {
            case .notFound:
                AgentAnswer.encode(answer.failure("NOT_FOUND", Phrasebook(answer.language).notFound))
            case .noAddress(.sms):
                AgentAnswer.encode(answer.failure("INVALID_ARGUMENT", "That booking has no phone number to text.", ["field": "channel"]))
            case .noAddress(.email):
                AgentAnswer.encode(
                    answer.failure("INVALID_ARGUMENT", "That booking has no email address; offer a text instead.", ["field": "channel"]))
            case .queued(let confirmationCode, let channel):
                AgentAnswer.encode(
                    answer.ok([
                        "message": Phrasebook(answer.language).confirmationSent(byText: channel == .sms),
                        "channel": channel.rawValue, "confirmation_code": confirmationCode,
                    ]))
            }
        }
    }
}
