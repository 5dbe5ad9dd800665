import HTTPCore
import RetellFunctions

/// Retell's function routes as the contract states them; the arguments' schemas are the catalog's own, the same ones
/// `GET …/retell/tools` hands to the agent, so the document, the tools and the checks cannot drift apart.
extension FunctionsController {
    /// `<function>_arguments` for every function of the catalog.
    public static var argumentSchemas: [String: Schema] {
        Dictionary(uniqueKeysWithValues: FunctionCatalog.all.map { ("\($0.name)_arguments", $0.argumentsSchema) })
    }

    static let answer = Schema.object(
        "What the agent reads: `ok`, the business's today, and the function's fields; a refusal says why in "
            + "`error` (a stable code) and `message`, with alternatives or an `action` when there is one.",
        [
            "ok": .boolean(),
            "today": CommonSchemas.localDate,
            "today_weekday": .string(),
            "local_time": CommonSchemas.localTime,
            "error": .string("A stable code: SLOT_TAKEN, CLOSED, OUTSIDE_HOURS, INVALID_ARGUMENT, NOT_FOUND, SYSTEM_DOWN, …"),
            "message": .string("A sentence the agent can say."),
        ], required: ["ok", "today"]
    ).open()

    static var envelope: Schema {
        Schema.object(
            "Retell's custom-function request (`args_at_root: false`); with `args_at_root` the arguments alone, the call id in "
                + "`X-Retell-Call-Id` or `?call_id=`.",
            [
                "name": .string("The function.", allowed: FunctionCatalog.all.map(\.name)),
                "call": .anyObject("Retell's call object (call_id, agent_id, from_number, to_number, …)."),
                "args": .anyOf("The function's arguments.", FunctionCatalog.all.map { .ref("\($0.name)_arguments") }),
            ], required: ["args"]
        ).open()
    }

    static var namedOperation: APIOperation {
        APIOperation(
            .post, "/v1/retell/{businessID}/functions/{name}", id: "callAgentFunction", tag: "Retell", access: .retellSignature,
            summary: "Run one of the agent's functions (the tool URL given to Retell). Business outcomes are 200 with ok true/false."
        )
        .parameter("name", .string("The function.", allowed: FunctionCatalog.all.map(\.name)))
        .query("call_id", .string("The call, when the arguments come at the root and the header is absent."))
        .body(envelope, check: .documented, limit: bodyLimit)
        .answer(200, "The agent's answer.", answer)
        .refusal(403, "FORBIDDEN: the call's agent id or number is registered to another business")
    }

    static var unnamedOperation: APIOperation {
        APIOperation(
            .post, "/v1/retell/{businessID}/functions", id: "callAgentFunctionByBody", tag: "Retell", access: .retellSignature,
            summary: "The same, with the function named in the body's `name`."
        )
        .query("call_id", .string("As above."))
        .body(envelope, check: .documented, limit: bodyLimit)
        .answer(200, "The agent's answer.", answer)
        .refusal(403, "FORBIDDEN: the call's agent id or number is registered to another business")
    }
}
