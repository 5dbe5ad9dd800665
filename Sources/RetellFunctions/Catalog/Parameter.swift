import Domain
import HTTPCore

/// One argument of an agent function: the same definition validates requests and becomes the tool's JSON Schema.
public struct Parameter: Sendable {
    public enum Kind: String, Sendable { case string, integer, boolean, object }

    public var name: String
    public var kind: Kind
    public var description: String
    public var required: Bool
    public var allowed: [String]?

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false, allowed: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.description = description
        self.required = required
        self.allowed = allowed
    }

    /// The contract's schema of this parameter (the tool definition and the OpenAPI document both render it).
    var schema: Schema {
        switch kind {
        case .string: .string(description, allowed: allowed)
        case .integer: .integer(description)
        case .boolean: .boolean(description)
        case .object: .map(.string(), description)
        }
    }
}

/// Arguments several functions share, worded once.
extension Param {
    static var date: Param<LocalDate> {
        Param<LocalDate?>.date(
            "date",
            "The day as the caller said it: YYYY-MM-DD, or today, tonight, tomorrow, day after tomorrow, friday (the next one), "
                + "next friday (the friday of next week), this weekend, in 2 weeks, december 4, the 4th — also in the caller's language. "
                + "Do not compute dates yourself; the answer's 'understood' says which day it was read as, to confirm with the caller."
        ).required()
    }
    static var time: Param<LocalTime> {
        Param<LocalTime?>.time(
            "time",
            "The time as the caller said it: 19:30, 7:30 PM, 7pm, 19h30, noon, midnight, half past seven, quarter to eight. Without AM "
                + "or PM the hour the business is open at is taken (an AMBIGUOUS answer lists both when it is open at both)."
        ).required()
    }
    /// Read by the runner before the arguments (it sets the language of everything answered); declared so the agent is told.
    static var language: Parameter {
        Parameter(
            "language", .string,
            "Optional: the caller's language when it is not the business's (e.g. es-ES, fr-FR, de-DE, it-IT, pt-BR, en-US), for the "
                + "spoken dates and messages of the answer.")
    }
    static var partySize: Param<Int?> { .integer("party_size", "Number of people (guests or players).") }
    static var service: Param<String?> { .text("service", "For appointments: the service asked for, as the business names it.") }
    static var staff: Param<String?> { .text("staff", "For appointments: a staff member asked for by name; leave out for anyone available.") }
    static var holes: Param<String?> {
        .choice("holes", "For golf: the round, NINE or EIGHTEEN holes (the longest round when left out).", allowed: ["NINE", "EIGHTEEN"])
    }
    static var duration: Param<Int?> {
        .integer(
            "duration_minutes",
            "For appointments: a length the caller chose among those the service offers (15, 30, 45, 60 …); leave out for the usual one.")
    }
    /// The business's intake questions' answers; the per-business tool (`AgentSetup`) names each question.
    static var intake: Param<[String: String]?> {
        Param<[String: String]?>(
            parameter: Parameter(
                "intake", .object,
                "Answers to the business's intake questions (listed in your instructions), keyed by each question's key, e.g. "
                    + "{\"company\": \"Acme\"}.")
        ) { value, _ in
            guard let value = ArgumentValue.present(value) else { return nil }
            guard case .object(let fields) = value, fields.count <= 20, fields.keys.allSatisfy({ $0.count <= 30 }) else {
                throw ArgumentError(field: "intake", message: "must be an object of answers keyed by question, e.g. {\"company\": \"Acme\"}")
            }
            var answers: [String: String] = [:]
            for (key, answer) in fields {
                // A blank answer is kept as "" (it clears that answer in a modify).
                answers[key] = try ArgumentValue.text(answer, "intake.\(key)", max: IntakeRules.maxAnswerLength) ?? ""
            }
            return answers
        }
    }
    static var code: Param<String> {
        Param<String?>.code("confirmation_code", "The booking's confirmation code as the caller says it (letters and digits).").required()
    }
    /// Read by the envelope (it keys the idempotent write); declared here so the agent is told of it.
    static var idempotency: Parameter {
        Parameter("idempotency_key", .string, "Optional: a unique key for this exact request, to make retries safe.")
    }
}
