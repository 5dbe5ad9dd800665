import HTTPCore

/// A function the voice agent may call; the catalog is the single source for validation and tool definitions.
public struct AgentFunction: Sendable {
    public var name: String
    public var description: String
    public var parameters: [Parameter]
    /// Mutations are idempotent per call and arguments; reads are not recorded as such.
    public var mutates: Bool
    public var speakDuringExecution: Bool

    /// The arguments as a contract schema; open, since the agent's extra arguments are ignored rather than refused mid-call.
    public var argumentsSchema: Schema {
        var schema = Schema.object(description, [:], required: parameters.filter(\.required).map(\.name)).open()
        schema.properties = parameters.map { Schema.Property(name: $0.name, schema: $0.schema) }
        return schema
    }

    /// `{"type": "object", "properties": …, "required": […]}` as Retell wants it.
    public var jsonSchema: [String: Any] {
        var json = argumentsSchema.json
        json["description"] = nil
        return json
    }
}

/// Every function the backend serves to Retell.
public enum FunctionCatalog {
    static let date = Parameter("date", .string, "The day in the business's local calendar, YYYY-MM-DD (e.g. 2026-11-27). Use the 'today' value from earlier answers to resolve words like 'tomorrow' or 'Friday'.", required: true)
    static let time = Parameter("time", .string, "Local time, 24-hour HH:MM (e.g. 19:30).", required: true)
    static let partySize = Parameter("party_size", .integer, "Number of people (guests or players).")
    static let service = Parameter("service", .string, "For appointments: the service asked for, as the business names it.")
    static let staff = Parameter("staff", .string, "For appointments: a staff member asked for by name; leave out for anyone available.")
    static let code = Parameter("confirmation_code", .string, "The booking's confirmation code as the caller says it (letters and digits).", required: true)
    static let idempotency = Parameter("idempotency_key", .string, "Optional: a unique key for this exact request, to make retries safe.")

    public static let all: [AgentFunction] = [
        AgentFunction(
            name: "check_availability",
            description: "Check whether a time is free, or list free times on a day. Always call this before offering a time. If the time is not free the answer gives the reason and 2-3 nearby alternatives to offer.",
            parameters: [
                Parameter("date", .string, date.description, required: true),
                Parameter("time", .string, "Optional local time, 24-hour HH:MM, or a part of the day: morning, lunch, afternoon, evening, dinner."),
                partySize, service, staff,
            ],
            mutates: false, speakDuringExecution: false),
        AgentFunction(
            name: "create_booking",
            description: "Book a time after the caller has confirmed the day, time, number of people and their name. Returns a short confirmation code to read back letter by letter.",
            parameters: [
                date, time, Parameter("party_size", .integer, partySize.description, required: true),
                Parameter("name", .string, "The caller's name for the booking.", required: true),
                Parameter("phone", .string, "The caller's phone number in international form; leave out to use the number they are calling from."),
                Parameter("email", .string, "The caller's email address, only if they want the confirmation by email; spell it back first."),
                service, staff, Parameter("notes", .string, "Special requests (high chair, allergy, occasion)."),
                Parameter("holes", .string, "For golf: NINE or EIGHTEEN.", allowed: ["NINE", "EIGHTEEN"]), idempotency,
            ],
            mutates: true, speakDuringExecution: true),
        AgentFunction(
            name: "modify_booking",
            description: "Change the day, time, number of people, service or notes of an existing booking, found by its confirmation code.",
            parameters: [
                code, Parameter("date", .string, "New day, YYYY-MM-DD."), Parameter("time", .string, "New local time, HH:MM."),
                Parameter("party_size", .integer, "New number of people."), service, Parameter("notes", .string, "New notes."), idempotency,
            ],
            mutates: true, speakDuringExecution: true),
        AgentFunction(
            name: "cancel_booking",
            description: "Cancel a booking by its confirmation code after the caller confirms. Cancelling twice is harmless.",
            parameters: [code, Parameter("reason", .string, "Why, if the caller says."), idempotency],
            mutates: true, speakDuringExecution: true),
        AgentFunction(
            name: "find_booking",
            description: "Find the caller's upcoming bookings by confirmation code, by phone (defaults to the number calling), or by name and day.",
            parameters: [
                Parameter("confirmation_code", .string, code.description), Parameter("phone", .string, "Phone number the booking was made with."),
                Parameter("name", .string, "Name on the booking."), Parameter("date", .string, "Day of the booking, YYYY-MM-DD."),
            ],
            mutates: false, speakDuringExecution: false),
        AgentFunction(
            name: "send_confirmation",
            description: "Send the booking's details to the caller by text message (or email when asked).",
            parameters: [code, Parameter("channel", .string, "sms (default) or email.", allowed: ["sms", "email"]), idempotency],
            mutates: true, speakDuringExecution: false),
        AgentFunction(
            name: "take_message",
            description: "Take a message for the owner or staff when you cannot help, or when the caller asks to leave one.",
            parameters: [
                Parameter("name", .string, "Caller's name.", required: true), Parameter("phone", .string, "Number to call back; defaults to the number calling."),
                Parameter("message", .string, "The message, in the caller's words.", required: true),
                Parameter("urgent", .boolean, "True when the caller says it is urgent."), idempotency,
            ],
            mutates: true, speakDuringExecution: false),
    ]

    public static func named(_ name: String) -> AgentFunction? { all.first { $0.name == name } }
}
