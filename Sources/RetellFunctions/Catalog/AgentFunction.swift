import HTTPCore

/// A function the voice agent may call: its definition (the tool Retell is given, the schema the document shows, the
/// checks its arguments pass) and its handler in one value, so the catalog of these values is the dispatch table: a
/// function cannot be listed without being served, nor served without being listed.
public struct AgentFunction: Sendable {
    public var name: String
    public var description: String
    public var parameters: [Parameter]
    /// Mutations are idempotent per call and arguments; reads are not recorded as such.
    public var mutates: Bool
    public var speakDuringExecution: Bool
    let handler: @Sendable (FunctionContext) async throws -> FunctionAnswer

    /// A function whose handler takes its typed `Arguments`: the tool's parameters are theirs.
    init<Arguments: AgentArguments>(
        name: String, description: String, arguments: Arguments.Type, mutates: Bool, speakDuringExecution: Bool,
        handler: @escaping @Sendable (Arguments, FunctionContext) async throws -> FunctionAnswer
    ) {
        self.name = name
        self.description = description
        self.parameters = Arguments.parameters
        self.mutates = mutates
        self.speakDuringExecution = speakDuringExecution
        self.handler = { context in
            try await handler(try ArgumentReader.decode(Arguments.self, values: context.arguments, caller: context.caller), context)
        }
    }

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
