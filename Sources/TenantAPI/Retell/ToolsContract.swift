import HTTPCore
import RetellFunctions

/// The tool-definitions route as the contract states it; the tools are generated from the function catalog.
extension ToolsController {
    static let tool = Schema.object(
        "A Retell custom-function tool, ready to paste into the agent.",
        [
            "type": Schema.string(allowed: ["custom"]),
            "name": Schema.string("The function.", allowed: FunctionCatalog.all.map(\.name)),
            "description": Schema.string("When the agent should call it."),
            "url": Schema.string("This server's endpoint for the function.", format: "uri"),
            "method": Schema.string(allowed: ["POST"]),
            "parameters": Schema.anyObject("The arguments' JSON Schema."),
            "speak_during_execution": Schema.boolean(),
            "speak_after_execution": Schema.boolean(),
            "timeout_ms": Schema.integer(),
            "args_at_root": Schema.boolean(),
            "max_retry": Schema.integer(
                "Retell retries a call only when this is above 0 (set explicitly; our functions are idempotent).", min: 0, max: 5),
        ],
        required: [
            "type", "name", "description", "url", "method", "parameters", "speak_during_execution", "speak_after_execution", "timeout_ms",
            "args_at_root", "max_retry",
        ])

    static let toolsOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/retell/tools", id: "getRetellTools", tag: "Retell setup",
        access: .businessKey,
        summary: "The tool definitions and prompt facts to paste into the Retell agent, from the same catalog the server validates with."
    )
    .answer(
        200, "The tools and the prompt.",
        .object(
            nil,
            [
                "tools": .array(tool),
                "prompt": Schema.string("The business's facts and rules for the agent's prompt, in plain sentences."),
            ], required: ["tools", "prompt"]))
}
