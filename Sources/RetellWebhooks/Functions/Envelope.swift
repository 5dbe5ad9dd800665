import Crypto
import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import Storage

/// Retell's request in either shape: `{name, args, call}` (default) or the args alone (`args_at_root`),
/// with the call id then taken from `X-Retell-Call-Id` or `?call_id=`.
struct Envelope: Sendable {
    let name: String
    /// The arguments without the idempotency key, as JSON with sorted keys: equal requests give equal bytes (the
    /// idempotency hash, the stored record of the call).
    let argsJSON: Data
    /// The same arguments as parsed, read by the function without parsing their bytes again.
    let args: [String: JSONValue]
    let callID: String?
    let agentID: String?
    let toNumber: String?
    let fromNumber: String?
    let explicitKey: String?
    /// The caller's language when the call carries one (`metadata.language` or the `language` dynamic variable).
    let callLanguage: String?

    init(bytes: [UInt8], request: Request, pathName: String?) throws {
        guard let parsed = JSONValue.read(bytes) ?? (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) else {
            throw APIError(.badRequest, .malformedJSON, "the body is not valid JSON")
        }
        guard let body = parsed.object else {
            throw APIError(.unprocessableContent, .validationFailed, "the body must be a JSON object")
        }
        let call = body["call"]?.object
        let wrappedArgs = body["args"]?.object
        let wrapped = wrappedArgs != nil && (body["name"]?.string != nil || call != nil)
        var args = wrapped ? wrappedArgs! : body
        guard let name = pathName ?? (wrapped ? body["name"]?.string : nil) else {
            throw APIError(.unprocessableContent, .validationFailed, "name the function in the path or the body", field: "name")
        }
        // Every identifier reaches SQL (tool_calls, the routes lookup, the idempotency key): bounded and printable first.
        // An empty optional value (LLMs send "" for what they leave out) is absent, as before.
        func identifier(_ value: String?, _ field: String, max: Int = RetellCallLimits.identifierLength) throws -> String? {
            guard let value, !value.isEmpty else { return nil }
            do { return try OutsideText.identifier(value, field: field, max: max) } catch { throw APIError.validation(error) }
        }
        guard let name = try identifier(name, "name", max: RetellCallLimits.eventLength) else {
            throw APIError(.unprocessableContent, .validationFailed, "name the function in the path or the body", field: "name")
        }
        self.name = name
        self.callID = try identifier(
            call?["call_id"]?.string ?? request.headers[HTTPField.Name("X-Retell-Call-Id")!]
                ?? request.uri.queryParameters.get("call_id").map { String($0) }, "call.call_id")
        self.agentID = try identifier(call?["agent_id"]?.string, "call.agent_id")
        self.toNumber = try identifier(call?["to_number"]?.string, "call.to_number", max: RetellCallLimits.plainFieldLength)
        self.fromNumber = try identifier(call?["from_number"]?.string, "call.from_number", max: RetellCallLimits.plainFieldLength)
        // The caller's language: the argument (the agent heard the caller), else the call's own. Kept out of the arguments, so
        // a retry that adds or drops it is the same request.
        self.callLanguage =
            (args["language"]?.string ?? call?["metadata"]?.object?["language"]?.string
            ?? call?["retell_llm_dynamic_variables"]?.object?["language"]?.string).map { String($0.prefix(20)) }
        args["language"] = nil
        let header = request.headers[HTTPField.Name("Idempotency-Key")!].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        // The caller's own key is only ever hashed into the stored key, so any text will do; empty means none.
        self.explicitKey = (args["idempotency_key"]?.string ?? header).flatMap { $0.isEmpty ? nil : $0 }
        args["idempotency_key"] = nil
        self.args = args
        self.argsJSON = JSONValue.object(args).sortedJSON
    }

    /// An explicit key when given (scoped to the call, so two callers' "booking-1" never meet), kept a day;
    /// else derived from the call id, the function and its normalised arguments, kept two minutes: long enough for
    /// Retell's retries and an LLM's repeats, short enough that a caller who cancels and books the same time again
    /// gets a new booking rather than the old answer.
    func idempotencyKey(function: String) -> IdempotencyKey? {
        let hash = Array(SHA256.hash(data: Data((function + "\n").utf8) + argsJSON))
        let hex = Hex.encode(hash)
        let call = callID.map { String($0.prefix(120)) }
        if let explicitKey {
            // A key of a few printable characters is kept as it is (readable in the table); anything longer or
            // stranger is stored as its digest, so it fits the column and never reaches SQL as text.
            let readable = explicitKey.unicodeScalars.count <= 120 && OutsideText.problem(explicitKey) == nil
            let written = readable ? explicitKey : "sha256:" + Hex.encode(Array(SHA256.hash(data: Data(explicitKey.utf8))))
            let scoped = (call.map { "\($0):" } ?? "") + "explicit:" + written
            return IdempotencyKey(scope: "retell:\(function)", key: String(scoped.prefix(255)), requestHash: hash)
        }
        guard let call else { return nil }
        return IdempotencyKey(scope: "retell:\(function)", key: "\(call):\(hex)", requestHash: hash, lifetime: .seconds(120))
    }
}
