import App
import Crypto
import Domain
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import Testing

@Suite struct WebhookTests {
    func count(_ services: AppServices, _ sql: String) async throws -> Int { try await services.database.count(sql) }

    /// The sealed values a test's query selects (one bytea column), opened under `context`: what is stored is only readable with the key.
    func opened(_ services: AppServices, _ sql: String, context: String) async throws -> [[UInt8]] {
        var values: [[UInt8]] = []
        for try await sealed in try await services.database.query(PostgresQuery(unsafeSQL: sql)).decode(Data.self) {
            values.append(try TestEnvironment.vault.open(sealed, context: context))
        }
        return values
    }

    /// An opened sealed call object.
    func callObject(_ bytes: [UInt8]) throws -> [String: JSONValue] { try JSONDecoder().decode([String: JSONValue].self, from: Data(bytes)) }

    /// A webhook body as Retell sends it: the call object grows as the call goes on.
    static func event(_ name: String, callID: String, agent: String = "agent_demo", extra: [String: Any] = [:], top: [String: Any] = [:]) -> [UInt8] {
        let start = 1_790_000_000_000.0
        var call: [String: Any] = [
            "call_id": callID, "agent_id": agent, "call_type": "phone_call", "direction": "inbound",
            "from_number": "+12125550111", "to_number": "+12125550100", "start_timestamp": start,
            "call_status": name == "call_started" ? "ongoing" : "ended",
        ]
        if name != "call_started" {
            call["end_timestamp"] = start + 95_000
            call["duration_ms"] = 95_000
            call["disconnection_reason"] = "user_hangup"
            call["transcript"] = "Agent: Hello.\nUser: A table for two, please. Café crème — ½ price? https://x.example/y"
        }
        if name == "call_analyzed" {
            call["call_analysis"] = [
                "call_summary": "Booked a table for two.", "user_sentiment": "Positive", "call_successful": true, "in_voicemail": false,
            ]
        }
        call.merge(extra) { _, new in new }
        var body: [String: Any] = ["event": name, "call": call]
        body.merge(top) { _, new in new }
        return Array(try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    @Test func aCallFromStartToAnalysisWithABooking() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "webhooked")
            _ = try await api.call(
                .put, "/v1/businesses/\(id)/retell", key: key, json: ["agent_ids": ["agent_demo"], "phone_numbers": ["+12125550100"]])
            let retell = api.retell(id)
            #expect(try await retell.raw(Self.event("call_started", callID: "call_1"), path: "/v1/retell/webhooks").status == .noContent)
            // The caller's words reach the function call too (its notes), so the sealed tool call is checked below.
            let booked = try await retell.call(
                "create_booking",
                [
                    "date": futureDate(), "time": "19:00", "party_size": 2, "name": "Ada",
                    "notes": "Café crème",
                ], callID: "call_1")
            #expect(booked.body["ok"].bool == true)
            #expect(try await retell.raw(Self.event("call_ended", callID: "call_1"), path: "/v1/retell/webhooks").status == .noContent)
            let analyzed = Self.event("call_analyzed", callID: "call_1")
            #expect(try await retell.raw(analyzed, path: "/v1/retell/\(id)/webhooks").status == .noContent)
            // Retell's retry of the same event changes nothing.
            #expect(try await retell.raw(analyzed, path: "/v1/retell/webhooks").status == .noContent)
            #expect(try await count(services, "SELECT count(*)::int FROM call_events") == 3)
            // The delivery is kept byte for byte (accents, escaped slashes), sealed; the plain column stays empty.
            let business = try #require(UUID(uuidString: id))
            let delivered = try await opened(
                services, "SELECT payload_sealed FROM call_events WHERE event = 'call_analyzed'",
                context: SealingContext.callEvents(business))
            #expect(delivered == [analyzed])
            #expect(try await count(services, "SELECT count(*)::int FROM call_events WHERE payload IS NOT NULL OR payload_sealed IS NULL") == 0)

            let list = try await api.call(.get, "/v1/businesses/\(id)/calls", key: key)
            #expect(list.body["calls"][0]["call_id"].string == "call_1", "\(list.text)")
            #expect(list.body["calls"][0]["outcome"].string == "booked")
            #expect(list.body["calls"][0]["summary"].string == "Booked a table for two.")
            let detail = try await api.call(.get, "/v1/businesses/\(id)/calls/call_1", key: key)
            #expect(detail.body["transcript"].string?.contains("Café crème") == true)
            #expect(detail.body["events"].array.map { $0["event"].string ?? "" } == ["call_started", "call_ended", "call_analyzed"])
            #expect(detail.body["tool_calls"][0]["name"].string == "create_booking")
            #expect(detail.body["tool_calls"][0]["answer"]["ok"].bool == true)
            #expect(detail.body["bookings"][0]["confirmation_code"].string == booked.body["booking"]["confirmation_code"].string)
            #expect(try await api.call(.get, "/v1/businesses/\(id)/calls?outcome=abandoned", key: key).body["calls"].array.isEmpty)

            // Nothing of the caller is left in plain: not their number, not their words.
            for table in ["calls", "call_events", "tool_calls"] {
                #expect(try await count(services, "SELECT count(*)::int FROM \(table) t WHERE t.business_id = '\(id)'") > 0, "\(table)")
                let rows = try await services.database.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT coalesce(string_agg(t::text, ' '), '') FROM \(table) t WHERE t.business_id = '\(id)'")
                ).collect().first!.decode(String.self)
                for secret in ["2125550111", "Café crème"] {
                    #expect(!readable(secret, in: rows), "\(table) holds \(secret)")
                }
            }
        }
    }

    @Test func anyOrderGivesTheSameFinalRow() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "reordered")
            let retell = api.retell(id)
            for name in ["call_started", "call_ended", "call_analyzed"] {
                _ = try await retell.raw(Self.event(name, callID: "in_order"), path: "/v1/retell/\(id)/webhooks")
            }
            for name in ["call_analyzed", "call_ended", "call_started"] {
                _ = try await retell.raw(Self.event(name, callID: "reversed"), path: "/v1/retell/\(id)/webhooks")
            }
            let a = try await api.call(.get, "/v1/businesses/\(id)/calls/in_order", key: key)
            let b = try await api.call(.get, "/v1/businesses/\(id)/calls/reversed", key: key)
            for field in ["status", "started_at", "ended_at", "duration_ms", "transcript", "summary", "sentiment", "outcome", "disconnection_reason"]
            {
                #expect(a.body[field].description == b.body[field].description, "\(field)")
            }
            #expect(a.body["status"].string == "ended")
            #expect(a.body["outcome"].string == "info_only", "a long call with no action")
            // The merged call objects (sealed) are the same but for the call id.
            let business = try #require(UUID(uuidString: id))
            let merged = try await opened(services, "SELECT pii FROM calls ORDER BY call_id", context: SealingContext.calls(business))
                .map { bytes in try callObject(bytes).filter { $0.key != "call_id" } }
            #expect(merged.count == 2)
            #expect(merged.first == merged.last)
        }
    }

    @Test func refusalsStoreNothing() async throws {
        try await TestApp.run { api, services in
            let a = try await api.createRestaurant(slug: "hook-a")
            let b = try await api.createRestaurant(slug: "hook-b")
            _ = try await api.call(.put, "/v1/businesses/\(a.id)/retell", key: a.key, json: ["agent_ids": ["agent_a"], "phone_numbers": [String]()])
            let retell = api.retell(b.id)
            let body = Self.event("call_ended", callID: "c_refused", agent: "agent_a")
            #expect(try await retell.raw(body, path: "/v1/retell/\(b.id)/webhooks").status == .forbidden, "an agent of A on B's path")
            #expect(
                try await retell.raw(body, path: "/v1/retell/webhooks", signature: .some(retell.sign(body, key: "wrong"))).status == .unauthorized)
            #expect(try await retell.raw(body, path: "/v1/retell/webhooks", signature: .some(nil)).status == .unauthorized)
            let stale = retell.sign(body, at: Int64(Date().timeIntervalSince1970 * 1000) - 301_000)
            #expect(try await retell.raw(body, path: "/v1/retell/webhooks", signature: .some(stale)).status == .unauthorized)
            let malformed = Array("{\"event\": \"call_ended\", ".utf8)
            let bad = try await retell.raw(malformed, path: "/v1/retell/webhooks")
            #expect(bad.status == .badRequest)
            #expect(bad.body["error"]["code"].string == "MALFORMED_JSON")
            let unknownAgent = try await retell.raw(Self.event("call_ended", callID: "c_x", agent: "nobody"), path: "/v1/retell/webhooks")
            #expect(unknownAgent.status == .notFound)
            let huge = Self.event(
                "transcript_updated", callID: "c_big", agent: "agent_a", extra: ["transcript": String(repeating: "a", count: 9 * 1024 * 1024)])
            #expect(try await retell.raw(huge, path: "/v1/retell/webhooks").status == .contentTooLarge)
            #expect(try await count(services, "SELECT count(*)::int FROM call_events") == 0)
            #expect(try await count(services, "SELECT count(*)::int FROM calls") == 0)
            // A long transcript under the limit is fine.
            let long = Self.event(
                "transcript_updated", callID: "c_long", agent: "agent_a", extra: ["transcript": String(repeating: "b", count: 2 * 1024 * 1024)])
            #expect(try await retell.raw(long, path: "/v1/retell/webhooks").status == .noContent)
        }
    }

    @Test func unknownEventsAreKeptAndShortSilentCallsAreAbandoned() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "abandoned")
            let retell = api.retell(id)
            #expect(try await retell.raw(Self.event("call_future_event", callID: "short"), path: "/v1/retell/\(id)/webhooks").status == .noContent)
            let ended = Self.event(
                "call_ended", callID: "short", extra: ["duration_ms": 4_000, "end_timestamp": 1_790_000_004_000.0, "future_field": ["x": 1]])
            #expect(try await retell.raw(ended, path: "/v1/retell/\(id)/webhooks").status == .noContent)
            let call = try await api.call(.get, "/v1/businesses/\(id)/calls/short", key: key)
            #expect(call.body["outcome"].string == "abandoned")
            let business = try #require(UUID(uuidString: id))
            let short = try await opened(services, "SELECT pii FROM calls WHERE call_id = 'short'", context: SealingContext.calls(business))
            let shortCall = try callObject(try #require(short.first))
            #expect(shortCall["future_field"]?.object?.keys.sorted() == ["x"], "an unknown field is kept")
            #expect(try await count(services, "SELECT count(*)::int FROM jobs WHERE kind = 'owner_call_notice'") == 1)
            // Transfers: two transfer events with different starts are both kept; a repeat of one is not.
            let t1 = Self.event("transfer_started", callID: "short", top: ["start_timestamp": 1_790_000_001_000.0])
            let t2 = Self.event("transfer_started", callID: "short", top: ["start_timestamp": 1_790_000_002_000.0])
            for body in [t1, t2, t1] { _ = try await retell.raw(body, path: "/v1/retell/\(id)/webhooks") }
            #expect(try await count(services, "SELECT count(*)::int FROM call_events WHERE event = 'transfer_started'") == 2)
            // A bridged transfer makes the outcome "transferred" whatever order the events come in.
            let bridged = Self.event("transfer_bridged", callID: "moved", top: ["start_timestamp": 1_790_000_001_000.0])
            let endedMoved = Self.event("call_ended", callID: "moved", extra: ["duration_ms": 10_000, "disconnection_reason": "call_transfer"])
            for body in [endedMoved, bridged] { _ = try await retell.raw(body, path: "/v1/retell/\(id)/webhooks") }
            #expect(try await api.call(.get, "/v1/businesses/\(id)/calls/moved", key: key).body["outcome"].string == "transferred")
            // Date filters are local days of the business: these calls started on 2026-09-21 in New York.
            let day = try await api.call(.get, "/v1/businesses/\(id)/calls?from=2026-09-21&to=2026-09-21", key: key)
            #expect(day.body["calls"].array.count == 2, "\(day.text)")
            #expect(try await api.call(.get, "/v1/businesses/\(id)/calls?from=2026-09-22", key: key).body["calls"].array.isEmpty)
            let page = try await api.call(.get, "/v1/businesses/\(id)/calls?limit=1", key: key)
            let cursor = try #require(page.body["next_cursor"].string)
            let next = try await api.call(
                .get, "/v1/businesses/\(id)/calls?limit=1&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                key: key)
            #expect(next.body["calls"].array.count == 1)
            #expect(next.body["calls"][0]["call_id"].string != page.body["calls"][0]["call_id"].string)
        }
    }

    @Test func inboundPersonalisesForAKnownCallerAndStaysEmptyForUnknownNumbers() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createRestaurant(slug: "inbound")
            _ = try await api.call(.put, "/v1/businesses/\(id)/retell", key: key, json: ["agent_ids": [String](), "phone_numbers": ["+12125550100"]])
            let retell = api.retell(id)
            _ = try await retell.call("create_booking", ["date": futureDate(), "time": "19:00", "party_size": 3, "name": "Grace Hopper"])
            func inbound(_ to: String) async throws -> APIResponse {
                let body = Array(
                    try JSONSerialization.data(withJSONObject: [
                        "event": "call_inbound",
                        "call_inbound": ["from_number": "+12125550111", "to_number": to, "agent_id": "agent_x"],
                    ]))
                return try await retell.raw(body, path: "/v1/retell/inbound")
            }
            let known = try await inbound("+12125550100")
            let vars = known.body["call_inbound"]["dynamic_variables"]
            #expect(vars["business_name"].string == "Test inbound", "\(known.text)")
            #expect(vars["caller_name"].string == "Grace Hopper")
            #expect(vars["caller_next_booking"].string?.contains("3 people, confirmation code") == true)
            #expect(vars["hours_today"].string == "noon to 11 PM")
            #expect(vars["transfer_number"].string == "+12125550123")
            #expect(vars.object?.values.allSatisfy { $0 is String } == true)
            let unknown = try await inbound("+19995550100")
            #expect(unknown.status == .ok)
            #expect(unknown.text == #"{"call_inbound":{}}"#)
        }
    }
}
