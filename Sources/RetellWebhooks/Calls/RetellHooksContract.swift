import HTTPCore

/// Retell's webhook and inbound-call routes as the contract states them. Their bodies are Retell's; the document shows
/// the fields we read, and the handlers check them only after the signature.
extension WebhookController {
    static let event = Schema.object(
        "A call event as Retell posts it.",
        [
            "event": .string("call_started, call_ended, call_analyzed, transfer_started, transfer_bridged, transfer_cancelled, transfer_ended, …"),
            "call": .anyObject("Retell's call object; `call_id` is required, `agent_id` and `to_number` route it to a business."),
        ], required: ["event", "call"]
    ).open()

    static let sharedOperation = APIOperation(
        .post, "/v1/retell/webhooks", id: "receiveRetellWebhook", tag: "Retell", access: .retellSignature,
        summary: "Retell's call events for every business (routed by agent id or called number). Duplicates are no-ops."
    )
    .body(event, check: .documented, limit: bodyLimit)
    .answer(204, "Recorded (or already recorded).")
    .refusal(403, "FORBIDDEN: the call id is on record for another business")
    .refusal(404, "NOT_FOUND: no business has the call's agent_id or to_number registered")

    static let businessOperation = APIOperation(
        .post, "/v1/retell/{businessID}/webhooks", id: "receiveRetellWebhookForBusiness", tag: "Retell",
        access: .retellSignature, summary: "The same, for an agent whose webhook URL names its business."
    )
    .body(event, check: .documented, limit: bodyLimit)
    .answer(204, "Recorded (or already recorded).")
    .refusal(403, "FORBIDDEN: the call's agent id or number is registered to another business, or its id is on record for one")
}

extension InboundController {
    static let operation = APIOperation(
        .post, "/v1/retell/inbound", id: "answerInboundCall", tag: "Retell", access: .retellSignature,
        summary: "As the phone rings: the variables that personalise the agent, within 300 ms whatever the database does."
    )
    .body(
        Schema.object(
            "Retell's inbound-call webhook.",
            [
                "event": .string(allowed: ["call_inbound"]),
                "call_inbound": .object(
                    nil,
                    [
                        "agent_id": .string(), "from_number": CommonSchemas.phone, "to_number": CommonSchemas.phone,
                    ]
                ).open(),
            ]
        ).open(), check: .documented
    )
    .answer(
        200, "Dynamic variables (empty for an unknown number: an error would drop the call).",
        .object(
            nil,
            [
                "call_inbound": .object(
                    nil,
                    [
                        "dynamic_variables": .map(
                            .string(), "business_name, business_timezone, today, opening_hours, caller_name, caller_next_booking, …"),
                        "metadata": .object(nil, ["business_id": CommonSchemas.uuid]),
                    ])
            ], required: ["call_inbound"]))
}
