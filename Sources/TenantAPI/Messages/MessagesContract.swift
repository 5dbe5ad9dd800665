import HTTPCore

/// The inbox routes as the contract states them.
extension MessagesController {
    static let message = Schema.object(
        "A message the agent took.",
        [
            "id": CommonSchemas.uuid,
            "call_id": Schema.string("The Retell call it was taken on.").orNull(),
            "caller_name": Schema.string().orNull(),
            "caller_phone": CommonSchemas.phone.orNull(),
            "body": .string("The message, in the caller's words."),
            "urgent": .boolean(),
            "handled_at": CommonSchemas.instant.orNull(),
            "created_at": CommonSchemas.instant,
        ], required: ["id", "body", "urgent", "created_at"])

    static let listOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/messages", id: "listMessages", tag: "Messages",
        access: .businessKey, summary: "The messages the agent took, unhandled first, newest first."
    )
    .query("limit", CommonSchemas.limit)
    .answer(200, "The inbox.", .object(nil, ["messages": .array(message)], required: ["messages"]))

    static let handledOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/messages/{messageID}/handled", id: "markMessageHandled",
        tag: "Messages", access: .businessKey, summary: "Mark a message handled (again is harmless)."
    )
    .answer(200, "The message.", message)
}
