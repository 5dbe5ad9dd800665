/// What a Retell delivery may hold before any of it reaches SQL. Retell signs what it sends, but a signed body can
/// still carry a bug's values (a timestamp of 1e308, a call id of megabytes, a NUL): each is refused naming its field,
/// so one bad delivery is a 422 for that delivery, never a trap that takes every business's calls down with it.
public enum RetellCallLimits {
    /// Retell's ids (`call_…`, `agent_…`) are a few dozen characters; the columns hold 200.
    public static let identifierLength = 200
    /// Event names (`call_ended`, `transfer_bridged`).
    public static let eventLength = 64
    /// Short plain fields stored in their own columns (status, direction, disconnection reason, sentiment, numbers).
    public static let plainFieldLength = 200
    /// A call lasts hours at most; a week leaves room for anything real.
    public static let durationMilliseconds = 0 ... 604_800_000

    /// Fields of the call object written to plain columns (the rest is stored sealed, whatever its bytes).
    static let plainFields = ["agent_id", "direction", "call_type", "from_number", "to_number", "call_status", "disconnection_reason"]
    static let timestampFields = ["start_timestamp", "end_timestamp"]

    /// Checks a delivery's envelope (`event`, top-level transfer timestamps) and its call object.
    public static func check(event: String, body: [String: JSONValue], call: [String: JSONValue]) throws(ValidationError) {
        _ = try OutsideText.identifier(event, field: "event", max: eventLength)
        for name in ["start_timestamp", "transfer_start_timestamp"] {
            try timestamp(body[name], field: name)
        }
        try check(call: call)
    }

    /// Checks a call object as Retell sends it in webhooks and function calls.
    public static func check(call: [String: JSONValue]) throws(ValidationError) {
        guard case .string(let callID)? = call["call_id"] else { throw ValidationError(field: "call.call_id", "is required") }
        _ = try OutsideText.identifier(callID, field: "call.call_id", max: identifierLength)
        for key in call.keys {
            // Keys are stored plain too (which event each field came from).
            if key.unicodeScalars.count > plainFieldLength || OutsideText.problem(key) != nil {
                throw ValidationError(field: "call", "has a field name that is too long or contains control characters")
            }
        }
        for name in plainFields {
            guard let value = call[name] else { continue }
            switch value {
            case .null: continue
            case .string(let text): try plain(text, field: "call.\(name)")
            default: throw ValidationError(field: "call.\(name)", "must be a string")
            }
        }
        for name in timestampFields { try timestamp(call[name], field: "call.\(name)") }
        if case .number(let ms)? = call["duration_ms"], OutsideNumber.integer(ms, in: durationMilliseconds) == nil {
            throw ValidationError(field: "call.duration_ms", "must be a whole number of milliseconds up to a week")
        }
        if case .object(let analysis)? = call["call_analysis"], case .string(let sentiment)? = analysis["user_sentiment"] {
            try plain(sentiment, field: "call.call_analysis.user_sentiment")
        }
        // The cost object is kept as jsonb, which refuses NUL.
        if let cost = call["call_cost"], cost.containsControlText {
            throw ValidationError(field: "call.call_cost", "must not contain NUL or control characters")
        }
    }

    static func plain(_ text: String, field: String) throws(ValidationError) {
        guard text.unicodeScalars.count <= plainFieldLength else {
            throw ValidationError(field: field, "must be at most \(plainFieldLength) characters")
        }
        if let problem = OutsideText.problem(text) { throw ValidationError(field: field, problem) }
    }

    static func timestamp(_ value: JSONValue?, field: String) throws(ValidationError) {
        guard case .number(let ms)? = value else { return }
        if OutsideNumber.integer(ms, in: OutsideNumber.epochMilliseconds) == nil {
            throw ValidationError(field: field, "must be milliseconds since 1970, before the year 2200")
        }
    }
}

extension JSONValue {
    /// Whether any key or string inside holds a character PostgreSQL's `text` or `jsonb` would refuse or a reader would not mean.
    var containsControlText: Bool {
        switch self {
        case .string(let s): OutsideText.problem(s) != nil
        case .array(let a): a.contains { $0.containsControlText }
        case .object(let o): o.contains { OutsideText.problem($0.key) != nil || $0.value.containsControlText }
        case .null, .bool, .number: false
        }
    }
}
