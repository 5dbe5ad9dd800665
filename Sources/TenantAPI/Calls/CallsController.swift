import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The owner's view of calls: `GET /v1/businesses/{id}/calls` and `/calls/{callId}`.
public struct CallsController: Sendable {
    let calls: CallStore
    let businesses: BusinessStore

    public init(database: Database) {
        self.calls = CallStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.listOperation, use: list)
        business.add(Self.detailOperation, use: detail)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.businessID()
        guard let business = try await businesses.get(id) else { throw APIError.notFound("business") }
        let q = request.uri.queryParameters
        let clock = ZonedClock(business.timezone.timeZone)
        func dayStart(_ name: String, plus: Int) throws -> Date? {
            guard let text = q.get(name) else { return nil }
            guard let date = try? LocalDate(parsing: String(text), field: name) else {
                throw APIError(.badRequest, .validationFailed, "must be a date YYYY-MM-DD", field: name)
            }
            return clock.startOfDay(date.adding(days: plus))
        }
        let from = try dayStart("from", plus: 0)
        let to = try dayStart("to", plus: 1)
        let outcome = q.get("outcome").map { String($0) }
        if let outcome, CallOutcome(rawValue: outcome) == nil {
            throw APIError(
                .badRequest, .validationFailed, "must be one of \(CallOutcome.allCases.map(\.rawValue).joined(separator: ", "))", field: "outcome")
        }
        let limitText = q.get("limit").map { String($0) } ?? "50"
        guard let limit = Int(limitText), (1 ... 200).contains(limit) else {
            throw APIError(.badRequest, .validationFailed, "must be a whole number from 1 to 200", field: "limit")
        }
        let after = q.get("cursor").map { String($0) }
        let page = try await calls.list(businessID: id, from: from, to: to, outcome: outcome, after: after, limit: limit + 1)
        var body: [String: Any] = ["calls": page.prefix(limit).map { Self.summary($0, full: false) }]
        if page.count > limit, let last = page.prefix(limit).last {
            body["next_cursor"] = last.callID
        }
        return try Self.json(body)
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.businessID()
        guard let callID = context.parameters.get("callID"),
            let detail = try await calls.detail(businessID: id, callID: callID)
        else { throw APIError.notFound("call") }
        var body = Self.summary(detail.call, full: true)
        let iso = ISO8601DateFormatter()
        body["events"] = detail.events.map { ["event": $0.event, "received_at": iso.string(from: $0.receivedAt)] }
        body["tool_calls"] = detail.toolCalls.map { t -> [String: Any] in
            [
                "name": t.name, "arguments": Self.parse(t.arguments), "answer": Self.parse(t.response), "ok": t.ok,
                "latency_ms": (t.latencyMs * 100).rounded() / 100, "at": iso.string(from: t.at),
            ]
        }
        body["bookings"] = detail.bookings.map { b -> [String: Any] in
            [
                "id": b.id.apiString, "confirmation_code": b.confirmationCode, "status": b.status.rawValue,
                "starts_at": iso.string(from: b.start), "party_size": b.partySize, "name": b.customerName ?? NSNull(),
            ]
        }
        return try Self.json(body)
    }

    static func summary(_ c: CallStore.Summary, full: Bool) -> [String: Any] {
        let iso = ISO8601DateFormatter()
        var d: [String: Any] = [
            "call_id": c.callID, "from_number": c.fromNumber ?? NSNull(), "to_number": c.toNumber ?? NSNull(),
            "direction": c.direction ?? NSNull(), "status": c.status ?? NSNull(),
            "started_at": c.startedAt.map(iso.string(from:)) ?? NSNull(), "ended_at": c.endedAt.map(iso.string(from:)) ?? NSNull(),
            "duration_ms": c.durationMs ?? NSNull(), "outcome": c.outcome ?? NSNull(), "summary": c.summary ?? NSNull(),
            "sentiment": c.sentiment ?? NSNull(),
        ]
        if full {
            d["transcript"] = c.transcript ?? NSNull()
            d["disconnection_reason"] = c.disconnectionReason ?? NSNull()
            d["recording_url"] = c.recordingURL ?? NSNull()
        }
        return d
    }

    static func parse(_ text: String) -> Any { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? text }

    static func json(_ body: [String: Any]) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
