import Domain
import HTTPCore

/// The owner's call routes as the contract states them; the handlers write every summary field, null when unknown.
extension CallsController {
    /// `summary(_:full: false)`: every key is always present.
    static let callSummary = Schema.object(
        "A call as the webhooks recorded it.",
        [
            "call_id": Schema.string("Retell's call id."),
            "from_number": CommonSchemas.phone.orNull(),
            "to_number": CommonSchemas.phone.orNull(),
            "direction": Schema.string("inbound or outbound, as Retell says.").orNull(),
            "status": Schema.string("Retell's call status.").orNull(),
            "started_at": CommonSchemas.instant.orNull(),
            "ended_at": CommonSchemas.instant.orNull(),
            "duration_ms": Schema.integer().orNull(),
            "outcome": Schema.string(allowed: CallOutcome.allCases.map(\.rawValue)).orNull(),
            "summary": Schema.string("Retell's analysis.").orNull(),
            "sentiment": Schema.string("Retell's analysis.").orNull(),
        ],
        required: [
            "call_id", "from_number", "to_number", "direction", "status", "started_at", "ended_at", "duration_ms", "outcome", "summary",
            "sentiment",
        ])

    /// A stored text shown as JSON when it is JSON, else as the text.
    static let storedJSON = Schema.anyOf("The stored JSON, or its text when it is not JSON.", [.anyObject(), .array(.anyObject()), .string()])

    static let callDetail = callSummary.adding(
        [
            "transcript": Schema.string().orNull(),
            "disconnection_reason": Schema.string().orNull(),
            "recording_url": Schema.string(format: "uri").orNull(),
            "events": .array(
                .object(
                    "A webhook event received for the call.",
                    [
                        "event": Schema.string("call_started, call_ended, call_analyzed, transfer_…"),
                        "received_at": CommonSchemas.instant,
                    ], required: ["event", "received_at"])),
            "tool_calls": .array(
                .object(
                    "A function the agent called.",
                    [
                        "name": Schema.string("The function."),
                        "arguments": storedJSON.described("The arguments the agent sent."),
                        "answer": storedJSON.described("What the agent was told."),
                        "ok": Schema.boolean(),
                        "latency_ms": Schema.number("Milliseconds, to two decimals."),
                        "at": CommonSchemas.instant,
                    ], required: ["name", "arguments", "answer", "ok", "latency_ms", "at"])),
            "bookings": .array(
                .object(
                    "A booking made or changed on the call.",
                    [
                        "id": CommonSchemas.uuid,
                        "confirmation_code": Schema.string(),
                        "status": Schema.string(allowed: BookingStatus.allCases.map(\.rawValue)),
                        "starts_at": CommonSchemas.instant,
                        "party_size": Schema.integer(),
                        "name": Schema.string("The customer's name.").orNull(),
                    ], required: ["id", "confirmation_code", "status", "starts_at", "party_size", "name"])),
        ], required: ["transcript", "disconnection_reason", "recording_url", "events", "tool_calls", "bookings"])

    static let listOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/calls", id: "listCalls", tag: "Calls", access: .businessKey,
        summary: "The calls, newest first, a page at a time."
    )
    .query("from", CommonSchemas.localDate.described("The first local day (inclusive), YYYY-MM-DD."))
    .query("to", CommonSchemas.localDate.described("The last local day (inclusive), YYYY-MM-DD."))
    .query("outcome", .string("Only calls with this outcome.", allowed: CallOutcome.allCases.map(\.rawValue)))
    .query("cursor", .string("`next_cursor` of the previous page."))
    .query("limit", CommonSchemas.limit)
    .answer(
        200, "A page of calls; `next_cursor` is present when there are more.",
        .object(
            nil,
            [
                "calls": .array(callSummary),
                "next_cursor": Schema.string("Pass as `cursor` for the next page."),
            ], required: ["calls"]))

    static let detailOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/calls/{callID}", id: "getCall", tag: "Calls", access: .businessKey,
        summary: "One call with its transcript, events, function calls and bookings."
    )
    .parameter("callID", .string("Retell's call id"))
    .answer(200, "The call.", callDetail)
}
