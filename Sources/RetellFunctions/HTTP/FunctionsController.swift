import Bookings
import Crypto
import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// `POST /v1/retell/{businessID}/functions[/{name}]`: Retell's signed custom-function calls.
/// Business outcomes are 200 with `ok`; only a bad signature (401), an unknown business (404) or a call routed to
/// another business (403) are HTTP errors. A database outage answers SYSTEM_DOWN within the budget.
public struct FunctionsController: Sendable {
    let database: Database
    let bookings: BookingService
    let retellKeys: [String]
    let cache: TransferCache
    /// The whole answer must be back well inside 2 s while the database is away (FUNCTION_TIMEOUT_MS).
    let budget: Duration
    static let bodyLimit = 256 * 1024

    let rules: RulesCache

    public init(database: Database, bookings: BookingService, retellKeys: [String], cache: TransferCache, budget: Duration = .milliseconds(1500),
                rules: RulesCache = RulesCache(ttl: .zero)) {
        self.rules = rules
        self.database = database
        self.bookings = bookings
        self.retellKeys = retellKeys
        self.cache = cache
        self.budget = budget
    }

    public func addRoutes(to routes: RouteTable) {
        routes.contract.define(Self.argumentSchemas)
        routes.add(Self.namedOperation, use: handle)
        routes.add(Self.unnamedOperation, use: handle)
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let bytes = try await RetellVerification.verifiedBody(request, keys: retellKeys, limit: Self.bodyLimit, context: context)
        guard let businessID = context.parameters.get("businessID").flatMap(UUID.init(uuidString:)) else { throw APIError.notFound("business") }
        let envelope = try Envelope(bytes: bytes, request: request, pathName: context.parameters.get("name"))
        guard let function = FunctionCatalog.named(envelope.name) else {
            throw APIError(.notFound, .notFound, "no function named '\(envelope.name)'", field: "name")
        }

        var answerBytes: [UInt8]
        var replayed = false
        // Read after the attempt: the business's zone is cached by then whenever it could be loaded.
        var clock: ZonedClock { ZonedClock(cache.entry(businessID)?.timeZone ?? TimeZone(identifier: "UTC")!) }
        do {
            // A connect refused a moment ago: the caller hears the fallback now, not after the whole budget of silence.
            guard !database.reachability.isKnownDown else { throw DatabaseKnownDown() }
            (answerBytes, replayed) = try await withDeadline(budget) { [self] in
                try await run(function, envelope: envelope, businessID: businessID, requestID: context.requestID)
            }
        } catch is DatabaseKnownDown {
            answerBytes = systemDown(businessID, clock: clock)
        } catch let error as APIError {
            throw error
        } catch let error as ArgumentError {
            answerBytes = AgentAnswer.encode(AgentAnswer(clock: clock, now: Date())
                .failure("INVALID_ARGUMENT", "\(error.field) \(error.message)", ["field": error.field]))
        } catch {
            context.logger.error("function failed; answering SYSTEM_DOWN", metadata: ["function": "\(function.name)", "error": "\(error)"])
            database.reachability.suspect()
            answerBytes = systemDown(businessID, clock: clock)
        }
        await record(function, envelope: envelope, businessID: businessID, answer: answerBytes, replayed: replayed, started: started, logger: context.logger)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answerBytes)))
    }

    /// Loads the business and checks the call belongs to it (the two reads side by side: a caller is waiting),
    /// then runs the function. Returns the answer and whether it was a replay.
    func run(_ function: AgentFunction, envelope: Envelope, businessID: UUID, requestID: String) async throws -> ([UInt8], Bool) {
        async let owners = RetellRoutesStore(database: database).owners(agentID: envelope.agentID, toNumber: envelope.toNumber)
        let store = RulesStore(database: database)
        guard let loaded = try await rules.get(businessID, load: { try await store.load(businessID, from: nil) }) else {
            throw APIError.notFound("business")
        }
        cache.remember(loaded.business)
        if try await owners.contains(where: { $0 != businessID }) {
            throw APIError(.forbidden, .forbidden, "this call belongs to another business")
        }
        let clock = loaded.rules.clock
        let now = bookings.now
        let answer = AgentAnswer(clock: clock, now: now)
        let context = FunctionContext(
            function: function, business: loaded.business, rules: loaded.rules, args: Arguments(envelope.args, today: clock.today(now)),
            callID: envelope.callID, fromNumber: envelope.fromNumber.flatMap { try? PhoneNumber($0, field: "from_number") },
            idempotency: function.mutates ? envelope.idempotencyKey(function: function.name) : nil,
            answer: answer, bookings: bookings, database: database, requestID: requestID)
        func unwrap<V>(_ outcome: IdempotentOutcome<V>) -> ([UInt8], Bool) {
            switch outcome {
            case .fresh(_, let body): (body, false)
            case .replayed(let body): (body, true)
            case .keyReused: (AgentAnswer.encode(answer.failure("IDEMPOTENCY_KEY_REUSED",
                "This idempotency key was already used for a different request.", ["field": "idempotency_key"])), false)
            }
        }
        switch function.name {
        case "check_availability": return (AgentAnswer.encode(try await CheckAvailability.handle(context)), false)
        case "find_booking": return (AgentAnswer.encode(try await FindBooking.handle(context)), false)
        case "create_booking": return unwrap(try await CreateBooking.handle(context))
        case "modify_booking": return unwrap(try await ModifyBooking.handle(context))
        case "cancel_booking": return unwrap(try await CancelBooking.handle(context))
        case "send_confirmation": return unwrap(try await Messages.sendConfirmation(context))
        case "take_message": return unwrap(try await Messages.takeMessage(context))
        default: throw APIError.notFound("function")
        }
    }

    /// Thrown before any work while the database's host is known to refuse connections.
    struct DatabaseKnownDown: Error {}

    /// The answer when the database is unreachable: hand the caller to a person, or take a message.
    func systemDown(_ businessID: UUID, clock: ZonedClock) -> [UInt8] {
        let answer = AgentAnswer(clock: clock, now: Date())
        if let phone = cache.entry(businessID)?.transferPhone {
            return AgentAnswer.encode(answer.failure("SYSTEM_DOWN", "The booking system is unavailable; transfer the caller to the team.",
                                                     ["action": "transfer_call", "transfer_number": phone]))
        }
        return AgentAnswer.encode(answer.failure("SYSTEM_DOWN", "The booking system is unavailable; take a message and promise a call back.",
                                                 ["action": "take_message"]))
    }

    /// The audit row of every call. Written before answering so none is lost; when the answer is SYSTEM_DOWN the
    /// database is likely away, so it is attempted in the background instead of holding the caller.
    /// Arguments and answer carry the caller's details: they are stored sealed, the jsonb columns left `{}`.
    func record(_ function: AgentFunction, envelope: Envelope, businessID: UUID, answer: [UInt8], replayed: Bool,
                started: ContinuousClock.Instant, logger: Logger) async {
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let args = envelope.argsJSON
        let response = String(decoding: answer, as: UTF8.self)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any]
        let ok = parsed?["ok"] as? Bool ?? false
        let code = parsed?["error"] as? String
        let callID = envelope.callID
        let database = self.database
        // Sealing is CPU only, done here so it works while the database is away; without a vault nothing is stored in plain.
        guard let vault = database.vault else {
            logger.warning("tool call not recorded: no personal-data vault", metadata: ["function": "\(function.name)"])
            return
        }
        let sealed: Data
        do {
            sealed = try vault.sealJSON(["arguments": args, "response": response], context: SealingContext.toolCalls(businessID))
        } catch {
            logger.warning("tool call not recorded", metadata: ["function": "\(function.name)", "error": "\(error)"])
            return
        }
        // Whatever is left of the caller's time (at least 100 ms): the answer is never held much longer for the audit.
        let budget = max(.milliseconds(100), self.budget + .milliseconds(400) - elapsed)
        let insert: @Sendable () async -> Void = {
            do {
                for try await _ in try await database.query(
                    """
                    INSERT INTO tool_calls (business_id, call_id, name, arguments, response, sealed, ok, error_code, latency_ms, replayed)
                    SELECT \(businessID), \(callID), \(function.name), '{}'::jsonb, '{}'::jsonb, \(sealed), \(ok), \(code), \(ms), \(replayed)
                    WHERE EXISTS (SELECT 1 FROM businesses WHERE id = \(businessID))
                    """, timeout: .after(budget)) {}
            } catch {
                logger.warning("tool call not recorded", metadata: ["function": "\(function.name)", "error": "\(error)"])
            }
        }
        if code == "SYSTEM_DOWN" {
            Task { await insert() }
        } else {
            await insert()
        }
    }
}
