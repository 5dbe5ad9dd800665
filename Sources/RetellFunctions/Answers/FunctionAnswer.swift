import Domain
import Foundation

/// The bytes a function answers the agent with, and whether they replay a stored answer.
public struct FunctionAnswer: Sendable {
    public var bytes: [UInt8]
    public var replayed: Bool
    /// `ok` and the error code, when the answer was built here rather than read back from storage: the audit row and
    /// the metrics need them, and parsing the bytes again for them cost a call as much as building them.
    public var outcome: (ok: Bool, error: String?)?

    init(bytes: [UInt8], replayed: Bool) {
        self.bytes = bytes
        self.replayed = replayed
    }

    /// A fresh answer (reads, refusals of arguments).
    init(_ object: [String: Any]) {
        self.init(bytes: AgentAnswer.encode(object), replayed: false)
        outcome = (object["ok"] as? Bool ?? false, object["error"] as? String)
    }

    /// `ok` and the error code: as built, or read from the bytes of a stored answer.
    public var okAndError: (ok: Bool, error: String?) {
        if let outcome { return outcome }
        let parsed = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        return (parsed?["ok"] as? Bool ?? false, parsed?["error"] as? String)
    }

    /// `INVALID_ARGUMENT` naming the argument the agent should fix.
    /// `AMBIGUOUS` with the `choices` when the caller's words could mean two days or times.
    public static func invalidArgument(_ error: ArgumentError, clock: ZonedClock, now: Date) -> FunctionAnswer {
        let answer = AgentAnswer(clock: clock, now: now)
        if !error.choices.isEmpty {
            return FunctionAnswer(answer.failure("AMBIGUOUS", "\(error.field) \(error.message)", ["field": error.field, "choices": error.choices]))
        }
        return FunctionAnswer(answer.failure("INVALID_ARGUMENT", "\(error.field) \(error.message)", ["field": error.field]))
    }

    /// The answer when the database is unreachable: hand the caller to a person, or take a message.
    public static func systemDown(transferPhone: String?, clock: ZonedClock, now: Date) -> FunctionAnswer {
        let answer = AgentAnswer(clock: clock, now: now)
        if let transferPhone {
            return FunctionAnswer(
                answer.failure(
                    "SYSTEM_DOWN", "The booking system is unavailable; transfer the caller to the team.",
                    ["action": "transfer_call", "transfer_number": transferPhone]))
        }
        return FunctionAnswer(
            answer.failure(
                "SYSTEM_DOWN", "The booking system is unavailable; take a message and promise a call back.",
                ["action": "take_message"]))
    }
}
