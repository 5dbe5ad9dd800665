import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import RetellFunctions
import Storage
import Support
import Synchronization

/// `POST /v1/retell/{businessID}/functions[/{name}]`: Retell's signed custom-function calls.
/// Business outcomes are 200 with `ok`; only a bad signature (401), an unknown business (404) or a call routed to
/// another business (403) are HTTP errors. A database outage answers SYSTEM_DOWN within the budget.
public struct FunctionsController: Sendable {
    let database: Database
    let runner: FunctionRunner
    let retellKeys: RetellSignature.Keys
    let facts: BusinessFacts
    let toolCalls: ToolCallWriter
    /// The whole answer must be back well inside 2 s while the database is away (FUNCTION_TIMEOUT_MS).
    let budget: Duration
    static let bodyLimit = 256 * 1024

    public init(database: Database, runner: FunctionRunner, retellKeys: [String], facts: BusinessFacts, budget: Duration = .milliseconds(1500)) {
        self.database = database
        self.runner = runner
        self.retellKeys = RetellSignature.Keys(retellKeys)
        self.facts = facts
        self.toolCalls = ToolCallWriter(store: ToolCallStore(database: database))
        self.budget = budget
    }

    public func addRoutes(to routes: RouteTable) {
        routes.contract.define(Self.argumentSchemas)
        routes.add(Self.namedOperation, use: handle)
        routes.add(Self.unnamedOperation, use: handle)
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        var context = context
        let started = ContinuousClock.now
        let bytes = try await RetellVerification.verifiedBody(request, keys: retellKeys, limit: Self.bodyLimit, context: context)
        guard let businessID = context.parameters.get("businessID").flatMap(UUIDText.parse) else { throw APIError.notFound("business") }
        let envelope = try Envelope(bytes: bytes, request: request, pathName: context.parameters.get("name"))
        // Checked by the envelope (bounded, printable): from here on every line of this request names the call.
        if let callID = envelope.callID { context.tagLogs("call_id", callID) }
        guard let function = FunctionCatalog.named(envelope.name) else {
            throw APIError(.notFound, .notFound, "no function named '\(envelope.name)'", field: "name")
        }

        var answer: FunctionAnswer
        // Read after the attempt: the business's zone is known by then whenever it could be loaded.
        var clock: ZonedClock { ZonedClock(facts.lastKnown(businessID)?.business.timezone.timeZone ?? TimeZone(identifier: "UTC")!) }
        var systemDown: FunctionAnswer {
            FunctionAnswer.systemDown(transferPhone: facts.lastKnown(businessID)?.business.transferPhone?.e164, clock: clock, now: Date())
        }
        do {
            // A connect refused a moment ago: the caller hears the fallback now, not after the whole budget of silence.
            guard !database.reachability.isKnownDown else { throw DatabaseKnownDown() }
            answer = try await withDeadline(budget) { [self, requestID = context.requestID] in
                try await run(function, envelope: envelope, businessID: businessID, requestID: requestID)
            }
        } catch is DatabaseKnownDown {
            answer = systemDown
        } catch let error as APIError {
            throw error
        } catch let error as ArgumentError {
            answer = FunctionAnswer.invalidArgument(error, clock: clock, now: Date())
        } catch {
            context.logger.error("function failed; answering SYSTEM_DOWN", metadata: ["function": "\(function.name)", "error": "\(error)"])
            database.reachability.suspect()
            answer = systemDown
        }
        await record(function, envelope: envelope, businessID: businessID, answer: answer, started: started, logger: context.logger)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.bytes)))
    }

    /// Loads the business and checks the call belongs to it (the two reads side by side: a caller is waiting),
    /// then runs the function.
    func run(_ function: AgentFunction, envelope: Envelope, businessID: UUID, requestID: String) async throws -> FunctionAnswer {
        let (found, elsewhere) = try await facts.forCall(businessID, agentID: envelope.agentID, toNumber: envelope.toNumber)
        guard let loaded = found else { throw APIError.notFound("business") }
        if elsewhere { throw APIError(.forbidden, .forbidden, "this call belongs to another business") }
        return try await runner.run(
            function, business: loaded.business, rules: loaded.rules, arguments: envelope.args, callID: envelope.callID,
            fromNumber: envelope.fromNumber.flatMap { try? PhoneNumber($0, field: "from_number") },
            idempotency: function.mutates ? envelope.idempotencyKey(function: function.name) : nil, requestID: requestID,
            callLanguage: envelope.callLanguage)
    }

    /// Thrown before any work while the database's host is known to refuse connections.
    struct DatabaseKnownDown: Error {}

    /// The answers' counters, made once per function and result: making one per call went through the metrics
    /// backend's registry (its lock, the names' and labels' checks) on every call.
    static let answerCounters = Mutex<[String: Counter]>([:])

    static func answerCounter(function: String, result: String) -> Counter {
        let key = function + " " + result
        if let counter = answerCounters.withLock({ $0[key] }) { return counter }
        let counter = Counter(label: "retell_function_answers_total", dimensions: [("function", function), ("result", result)])
        answerCounters.withLock { $0[key] = counter }
        return counter
    }

    /// The audit row of every call. Written before answering so none is lost; when the answer is SYSTEM_DOWN the
    /// database is likely away, so it is attempted in the background instead of holding the caller.
    func record(
        _ function: AgentFunction, envelope: Envelope, businessID: UUID, answer: FunctionAnswer, started: ContinuousClock.Instant,
        logger: Logger
    ) async {
        let elapsed = ContinuousClock.now - started
        let (ok, code) = answer.okAndError
        // Per function and result (`ok` or the error code): the alert on SYSTEM_DOWN answers reads it.
        Self.answerCounter(function: function.name, result: code ?? "ok").increment()
        let row = ToolCallStore.Record(
            businessID: businessID, callID: envelope.callID, name: function.name, arguments: String(decoding: envelope.argsJSON, as: UTF8.self),
            response: String(decoding: answer.bytes, as: UTF8.self), ok: ok, errorCode: code,
            latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, replayed: answer.replayed)
        // Whatever is left of the caller's time (at least 100 ms): the answer is never held much longer for the audit.
        let timeout = max(.milliseconds(100), budget + .milliseconds(400) - elapsed)
        let insert: @Sendable (_ waited: Bool) async -> Void = { [toolCalls] waited in
            do {
                if waited { try await toolCalls.insert(row, within: timeout) } else { try await toolCalls.insertAlone(row, within: timeout) }
            } catch {
                logger.warning("tool call not recorded", metadata: ["function": "\(function.name)", "error": "\(error)"])
            }
        }
        if code == "SYSTEM_DOWN" {
            // Nobody waits for this row (the database is likely away): written alone, outside the callers' queue.
            Task { await insert(false) }
        } else {
            await insert(true)
        }
    }
}
