import HTTPCore
import RetellProvisioning

/// The phone agent's routes as the contract states them: its state (never the platform's Retell key), Retell's
/// voices, connect (LLM, agent, number, publish) and disconnect.
extension PhoneAgentController {
    static let agent = Schema.object(
        "The business's phone agent at Retell, as provisioned by the platform.",
        [
            "status": Schema.string(
                "`broken`: Retell refused the platform's key; an operator must fix it.",
                allowed: ["not_connected", "connecting", "connected", "broken", "disconnecting"]),
            "voice_id": Schema.string("Retell's voice.", example: "retell-Cimo"),
            "language": Schema.string("The agent's language.", example: "en-US"),
            "agent_id": Schema.string("Retell's agent id."),
            "phone_number": Schema.string("The number callers dial, in E.164.", example: "+14155550123"),
            "number_purchased": Schema.boolean("Whether the platform bought the number (it is released only on request)."),
            "published_version": Schema.integer("The agent's version callers reach.", min: 0),
            "last_sync_at": CommonSchemas.instant,
            "last_error": Schema.string("What went wrong last, when something did."),
        ], required: ["status"])

    static let notConfigured = "NOT_CONFIGURED: Retell provisioning is not configured on this server (RETELL_API_KEY)"

    static let getOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/retell/agent", id: "getPhoneAgent", tag: "Retell setup", access: .businessKey,
        summary: "The phone agent's state: connected or not, its number, the version callers reach, the last sync and error."
    )
    .answer(200, "The phone agent.", agent)

    static let voicesOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/retell/voices", id: "listVoices", tag: "Retell setup", access: .businessKey,
        summary: "The voices Retell offers, each with a preview to listen to."
    )
    .answer(
        200, "Retell's voices.",
        .object(
            nil,
            [
                "voices": .array(
                    .object(
                        nil,
                        [
                            "voice_id": Schema.string(), "name": Schema.string(), "provider": Schema.string(), "gender": Schema.string(),
                            "accent": Schema.string(), "preview_url": Schema.string("An audio sample.", format: "uri"),
                        ], required: ["voice_id", "name"]))
            ], required: ["voices"])
    )
    .answer(502, "PROVIDER_ERROR: Retell did not answer", .ref("Error"))
    .answer(503, notConfigured, .ref("Error"))

    static let connectOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/retell/agent", id: "connectPhoneAgent", tag: "Retell setup", access: .businessKey,
        summary: "Create (or finish creating) the phone agent: its LLM, agent and number, publish, and route the number's calls here."
    )
    .body(
        .object(
            "Either `import_number` (a number the business has, with its SIP trunk) or `buy_area_code` with `confirm_purchase`.",
            [
                "voice_id": Schema.string("One of Retell's voices.", minLength: 1, maxLength: 200),
                "language": Schema.string("A locale such as en-US.", allowed: PhoneAgentChoice.languages),
                "import_number": Schema.string("A number to import, in E.164.", example: "+14155550123"),
                "termination_uri": Schema.string("The SIP trunk's termination URI (importing only).", minLength: 3, maxLength: 200),
                "buy_area_code": Schema.integer("A US area code to buy a number in.", min: 200, max: 999),
                "confirm_purchase": Schema.boolean("Required with buy_area_code: Retell charges a monthly fee for the number."),
            ], required: ["voice_id"])
    )
    .answer(200, "The phone agent, connected.", agent)
    .answer(409, "CONFLICT: another change to this phone agent is in progress, or a disconnect must finish first", .ref("Error"))
    .answer(422, "VALIDATION_FAILED: a number choice is missing, or the purchase is not confirmed", .ref("Error"))
    .answer(502, "PROVIDER_ERROR: Retell refused or did not answer; the state says how far it got, and connecting again resumes", .ref("Error"))
    .answer(503, notConfigured, .ref("Error"))

    static let disconnectOperation = APIOperation(
        .delete, "/v1/businesses/{businessID}/retell/agent", id: "disconnectPhoneAgent", tag: "Retell setup", access: .businessKey,
        summary: "Take the phone agent down: the number unbound (released only with release_number=true), the agent, the LLM."
    )
    .query("release_number", .boolean("Give the number back to Retell (a bought number stops costing; it cannot be had back)."))
    .answer(200, "The phone agent, now not connected.", agent)
    .answer(409, "CONFLICT: another change to this phone agent is in progress", .ref("Error"))
    .answer(502, "PROVIDER_ERROR: Retell refused or did not answer; disconnecting again resumes", .ref("Error"))
    .answer(503, notConfigured, .ref("Error"))
}
