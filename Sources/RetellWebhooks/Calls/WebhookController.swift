import Crypto
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// `POST /v1/retell/webhooks` and `/v1/retell/{businessID}/webhooks`: Retell's signed call events.
/// Answers 204 in milliseconds; duplicates (Retell's retries) are no-ops; slow work goes to the outbox.
public struct WebhookController: Sendable {
    let calls: CallStore
    let routes: RetellRoutesStore
    let retellKeys: RetellSignature.Keys
    /// Long transcripts make bodies of a few MB.
    static let bodyLimit = 8 * 1024 * 1024

    public init(database: Database, retellKeys: [String]) {
        self.calls = CallStore(database: database)
        self.routes = RetellRoutesStore(database: database)
        self.retellKeys = RetellSignature.Keys(retellKeys)
    }

    public func addRoutes(to routes: RouteTable) {
        routes.add(Self.sharedOperation, use: receive)
        routes.add(Self.businessOperation, use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        var context = context
        let bytes = try await RetellVerification.verifiedBody(request, keys: retellKeys, limit: Self.bodyLimit, context: context)
        let body: [String: JSONValue]
        do {
            guard let object = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)).object else {
                throw APIError(.unprocessableContent, .validationFailed, "the body must be a JSON object")
            }
            body = object
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, .malformedJSON, "the body is not valid JSON")
        }
        guard let event = body["event"]?.string, !event.isEmpty else {
            throw APIError(.unprocessableContent, .validationFailed, "is required", field: "event")
        }
        guard let call = body["call"]?.object, let callID = call["call_id"]?.string, !callID.isEmpty else {
            throw APIError(.unprocessableContent, .validationFailed, "is required", field: "call.call_id")
        }
        // Before any SQL: a signed body with a bug's values is this delivery's 422, not a trap or a 500.
        try RetellCallLimits.check(event: event, body: body, call: call)
        // Checked just above (bounded, printable): from here on every line of this request names the call.
        context.tagLogs("call_id", callID)
        let owners = try await routes.owners(agentID: call["agent_id"]?.string, toNumber: call["to_number"]?.string)
        let businessID: UUID
        if let text = context.parameters.get("businessID") {
            guard let id = UUID(uuidString: text) else { throw APIError.notFound("business") }
            if owners.contains(where: { $0 != id }) { throw APIError(.forbidden, .forbidden, "this call belongs to another business") }
            businessID = id
        } else {
            guard let registered = owners.first else {
                throw APIError(.notFound, .notFound, "no business has this call's agent_id or to_number registered", field: "call.agent_id")
            }
            businessID = registered
        }
        do {
            _ = try await calls.record(
                businessID: businessID, callID: callID, event: event,
                dedupeKey: Self.dedupeKey(event: event, body: body, bytes: bytes),
                payload: String(decoding: bytes, as: UTF8.self), call: call)
        } catch StorageError.missingReference {
            throw APIError.notFound("business")
        } catch is CallStore.CallOwnership {
            throw APIError(.forbidden, .forbidden, "this call belongs to another business")
        }
        return Response(status: .noContent)
    }

    /// `event` (one per call), or for transfers the event and the transfer's start, since a call may transfer twice.
    static func dedupeKey(event: String, body: [String: JSONValue], bytes: [UInt8]) -> String {
        guard event.hasPrefix("transfer_") else { return event }
        if let start = (body["start_timestamp"]?.number ?? body["transfer_start_timestamp"]?.number)
            .flatMap({ OutsideNumber.integer($0, in: OutsideNumber.epochMilliseconds) })
        {
            return "\(event):\(start)"
        }
        let digest = Hex.encode(SHA256.hash(data: Data(bytes)).prefix(12))
        return "\(event):\(digest)"
    }
}
