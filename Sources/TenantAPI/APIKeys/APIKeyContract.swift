import HTTPCore

/// The API key routes as the contract states them, so the document, /docs and the request checks share one source.
extension APIKeyController {
    /// A key as answers show it (also in `createBusiness`'s answer).
    public static let apiKey = Schema.object(
        "An API key; its secret appears only in the answer that created it.",
        [
            "id": CommonSchemas.uuid,
            "business_id": CommonSchemas.uuid,
            "name": .string(),
            "prefix": .string("The key's first characters, to tell keys apart."),
            "created_at": CommonSchemas.instant,
            "last_used_at": CommonSchemas.instant.described("Absent until the key is first used."),
            "revoked_at": CommonSchemas.instant.described("Present once the key is revoked."),
            "secret": .string("The whole key (rk_live_…), shown only when it is created."),
        ], required: ["id", "business_id", "name", "prefix", "created_at"])

    static let listOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/api-keys", id: "listAPIKeys", tag: "API keys", access: .businessKey,
        summary: "The business's API keys, revoked ones included; never their secrets."
    )
    .answer(200, "The keys.", .object(nil, ["api_keys": .array(apiKey)], required: ["api_keys"]))

    static let createOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/api-keys", id: "createAPIKey", tag: "API keys",
        access: .businessKey, summary: "Issue a new API key."
    )
    .body(
        .object(
            nil,
            [
                "name": Schema.string("1–100 characters once trimmed; `default` when left out.").orNull()
            ])
    )
    .answer(201, "The key, with its secret (shown only here).", apiKey)

    static let revokeOperation = APIOperation(
        .delete, "/v1/businesses/{businessID}/api-keys/{keyID}", id: "revokeAPIKey", tag: "API keys",
        access: .businessKey, summary: "Revoke an API key; it stops working at once (again is harmless)."
    )
    .answer(200, "The revoked key.", apiKey)
}
