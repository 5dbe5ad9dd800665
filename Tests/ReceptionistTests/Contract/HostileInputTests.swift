import App
import Domain
import Foundation
import HTTPTypes
import RetellFunctions
import RetellWebhooks
import Testing

@testable import HTTPCore

/// A fuzz pass over every route the contract lists, as a fuzzer or a buggy integrator would send: numbers at their
/// extremes, NUL and control characters, lone surrogates, huge identifiers and deep nesting, in every field, query
/// and path parameter, and through Retell's routes with valid signatures. Nothing may answer 5xx or trap (the server
/// runs in this process: a trap ends the suite), and every status must be one the document lists (the client checks
/// each answer against the contract, see `ResponseConformance`).
@Suite struct HostileInputTests {
    /// JSON fragments put in place of one value at a time, written as raw text so lone surrogates can be sent.
    static let hostileJSON: [String] = [
        "1e308", "-1e308", "9223372036854775808", "-9223372036854775809", "1180591620717411303424", "-0", "0.5", "1e-400",
        #""\u0000""#, #""a\u0000b""#, #""\u0001\u001f\u007f""#, #""\ud800""#, #""x\udc00y""#, #""NaN""#, #""-Infinity""#,
        #""9223372036854775808""#, #""1e30""#, #""2026-02-30""#, #""25:61""#, #""\u0663""#, "\"" + String(repeating: "x", count: 10_000) + "\"",
        "[]", "{}", "null", "true", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]
    /// Query and path values, percent-encoded as a client would put them in a URL.
    static let hostileText: [String] = [
        "%00", "a%00b", "%01%1F%7F", "%ED%A0%80", "%FF%FE", "1e308", "-1e308", "9223372036854775808", "-0", "NaN",
        String(repeating: "x", count: 10_000), "%2B1%20(212)%20555-0123", "..%2F..%2Fetc", "2026-02-30",
    ]

    @Test func everyRouteSurvivesHostileValuesInEveryFieldAndParameter() async throws {
        // Google, Retell provisioning and Twilio configured (wire-level fakes), so their routes are fuzzed past "not configured".
        try await FakeGoogle.with { google in
            try await FakeRetell.with { retell in
                try await FakeTwilio.with { twilio in
                    try await Self.fuzzEveryRoute(
                        extra: google.environment.merging(retell.environment) { _, new in new }.merging(twilio.environment) { _, new in new })
                }
            }
        }
    }

    static func fuzzEveryRoute(extra: [String: String]) async throws {
        try await TestApp.run(extra: extra) { api, services in
            let (id, key) = try await api.createRestaurant(slug: "hostile")
            let contract = services.contract
            var sent = 0
            for op in contract.operations where op.access != .retellSignature {
                let credential: String? =
                    switch op.access {
                    case .platformKey: API.admin
                    case .businessKey: key
                    default: nil
                    }
                func send(path: String, query: String = "", body: String? = nil) async throws {
                    let response = try await api.call(op.method, path + query, key: credential, raw: body)
                    sent += 1
                    #expect(
                        response.status.code < 500,
                        "\(op.method) \(path)\(query.prefix(80)) \(body?.prefix(120) ?? ""): \(response.status.code) \(response.text.prefix(300))")
                }
                let path = Self.fill(op, businessID: id)
                // Path parameters, one at a time.
                for name in op.pathParameterNames where name != "businessID" {
                    for value in Self.hostileText {
                        try await send(path: Self.fill(op, businessID: id, overriding: [name: value]), body: op.body == nil ? nil : "{}")
                    }
                }
                // Query parameters, one at a time.
                for q in op.query {
                    for value in Self.hostileText { try await send(path: path, query: "?\(q.name)=\(value)") }
                }
                // Body fields, one at a time, inside an otherwise plausible body; then hostile whole bodies.
                guard let body = op.body else { continue }
                let sample = Sample.value(body.schema, contract.components)
                for leaf in Sample.leaves(sample).prefix(40) {
                    for fragment in Self.hostileJSON { try await send(path: path, body: Sample.json(sample, replacing: leaf, with: fragment)) }
                }
                for whole in Self.hostileJSON + [String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000)] {
                    try await send(path: path, body: whole)
                }
            }
            #expect(sent > 1000, "the pass reached the routes (\(sent) requests)")
            #expect(try await api.call(.get, "/health").status == .ok)
        }
    }

    @Test func retellRoutesSurviveHostileSignedBodies() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "hostile-retell")
            let retell = api.retell(id)
            var sent = 0
            func post(_ body: String, _ path: String, headers: HTTPFields = [:]) async throws {
                sent += 1
                let response = try await retell.raw(Array(body.utf8), path: path, headers: headers)
                #expect(response.status.code < 500, "\(path) \(body.prefix(160)): \(response.status.code) \(response.text.prefix(300))")
            }
            // Every function's arguments, one at a time, then the envelope's identifiers.
            for (name, schema) in FunctionsController.argumentSchemas.sorted(by: { $0.key < $1.key }) {
                let function = String(name.dropLast("_arguments".count))
                let args = Sample.value(schema, services.contract.components)
                for leaf in Sample.leaves(args) {
                    for fragment in Self.hostileJSON {
                        let envelope: [String: Any] = [
                            "name": function, "args": args, "call": ["call_id": "call_fuzz_\(UUID().uuidString.prefix(8))"],
                        ]
                        try await post(
                            Sample.json(envelope, replacing: [.key("args")] + leaf, with: fragment), "/v1/retell/\(id)/functions/\(function)")
                    }
                }
                for field in ["call_id", "agent_id", "to_number", "from_number"] {
                    for fragment in Self.hostileJSON + ["\"" + String(repeating: "c", count: 100_000) + "\""] {
                        var callObject: [String: Any] = ["call_id": "call_env"]
                        callObject[field] = "__HOSTILE__"
                        let envelope: [String: Any] = ["name": function, "args": args, "call": callObject]
                        try await post(Sample.json(envelope, replacing: [.key("call"), .key(field)], with: fragment), "/v1/retell/\(id)/functions")
                    }
                }
                for value in Self.hostileText {
                    let body = String(decoding: try JSONSerialization.data(withJSONObject: args), as: UTF8.self)
                    try await post(body, "/v1/retell/\(id)/functions/\(function)?call_id=\(value)")
                }
            }
            // Webhooks: every field of a realistic call_ended and of a transfer event.
            let ended = WebhookTests.event("call_ended", callID: "call_hostile")
            let call = try #require(try JSONSerialization.jsonObject(with: Data(ended)) as? [String: Any])
            for leaf in Sample.leaves(call) + [[.key("call"), .key("duration_ms")], [.key("start_timestamp")], [.key("transfer_start_timestamp")]] {
                for fragment in Self.hostileJSON {
                    var event = call
                    if leaf.first == .key("start_timestamp") || leaf.first == .key("transfer_start_timestamp") { event["event"] = "transfer_started" }
                    try await post(Sample.json(event, replacing: leaf, with: fragment), "/v1/retell/webhooks")
                    try await post(Sample.json(event, replacing: leaf, with: fragment), "/v1/retell/\(id)/webhooks")
                }
            }
            // The inbound-call webhook answers every hostile value, and never with an error (that would drop the call).
            for field in ["to_number", "from_number", "agent_id"] {
                for fragment in Self.hostileJSON {
                    var details = ["to_number": "+12125550100"]
                    details[field] = "__HOSTILE__"
                    let body: [String: Any] = ["event": "call_inbound", "call_inbound": details]
                    let response = try await retell.raw(
                        Array(Sample.json(body, replacing: [.key("call_inbound"), .key(field)], with: fragment).utf8),
                        path: "/v1/retell/inbound")
                    #expect(response.status.code < 500)
                }
            }
            #expect(sent > 1000, "the pass reached every function and call field (\(sent) signed requests)")
            #expect(try await retell.call("check_availability", ["date": futureDate()]).body["ok"].bool == true, "still serving")
        }
    }

    /// The issue's cases, each with the answer it must get and nothing written.
    @Test func theReportedCasesAreRefusedForWhatTheyAre() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "reported", maxParty: 8)
            let retell = api.retell(id)
            // A huge call timestamp: a 422 naming it, nothing stored, and the next delivery is recorded.
            for (field, value) in [("end_timestamp", 1e308), ("start_timestamp", -1e308), ("duration_ms", 1e19)] {
                let body = WebhookTests.event("call_ended", callID: "call_huge", extra: [field: value])
                let response = try await retell.raw(body, path: "/v1/retell/\(id)/webhooks")
                #expect(response.status == .unprocessableContent, "\(field): \(response.text)")
                #expect(response.body["error"]["field"].string == "call.\(field)")
            }
            let longID = String(repeating: "c", count: 5000)
            let long = try await retell.raw(WebhookTests.event("call_ended", callID: longID), path: "/v1/retell/\(id)/webhooks")
            #expect(long.status == .unprocessableContent)
            #expect(long.body["error"]["field"].string == "call.call_id")
            #expect(try await services.database.count("SELECT count(*)::int FROM call_events") == 0)
            #expect(
                try await retell.raw(WebhookTests.event("call_ended", callID: "call_fine"), path: "/v1/retell/\(id)/webhooks").status == .noContent)

            // An overflowing party is refused as such, never wrapped into a small one.
            for raw in ["1e30", "1180591620717411303424", "-1e308", "9223372036854775808"] {
                let args = #"{"date": "\#(futureDate())", "time": "19:00", "party_size": \#(raw), "name": "Big"}"#
                let body = #"{"name": "create_booking", "call": {"call_id": "call_party"}, "args": \#(args)}"#
                let answer = try await retell.raw(Array(body.utf8), path: "/v1/retell/\(id)/functions/create_booking").body
                #expect(answer["error"].string == "INVALID_ARGUMENT", "\(raw): \(answer)")
                #expect(answer["field"].string == "party_size")
            }
            let large = try await retell.call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": 5000])
            #expect(large.body["reason"].string == "PARTY_TOO_LARGE", "\(large.text)")
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings") == 0)

            // NUL in a text field: a 422 naming the field, on every route the issue listed.
            let nul = "Chez\u{0}Marie"
            let cases: [(HTTPRequest.Method, String, String?, [String: Any], String)] = [
                (.patch, "/v1/businesses/\(id)", key, ["name": nul], "name"),
                (.post, "/v1/businesses", API.admin, ["slug": "nul-biz", "name": nul, "kind": "restaurant", "timezone": "Europe/London"], "name"),
                (.put, "/v1/businesses/\(id)/services", key, ["services": [["name": nul, "duration_minutes": 30]]], "services[0].name"),
                (.post, "/v1/businesses/\(id)/date-overrides", key, ["date": futureDate(days: 9), "closed": true, "reason": nul], "reason"),
                (.post, "/v1/businesses/\(id)/api-keys", key, ["name": nul], "name"),
                (.put, "/v1/businesses/\(id)/retell", key, ["agent_ids": [nul], "phone_numbers": [String]()], "agent_ids[0]"),
                (
                    .patch, "/v1/businesses/\(id)/notifications/settings", key, ["templates": ["booking_confirmed": ["body": nul]]],
                    "templates.booking_confirmed.body"
                ),
            ]
            for (method, path, credential, body, field) in cases {
                let response = try await api.call(method, path, key: credential, json: body)
                #expect(response.status == .unprocessableContent, "\(path): \(response.status) \(response.text)")
                #expect(response.body["error"]["field"].string == field, "\(path): \(response.text)")
            }

            // A malformed path or query parameter is a documented 400 naming it.
            let phone = try await api.call(.get, "/v1/businesses/\(id)/customers/not-a-phone/bookings", key: key)
            #expect(phone.status == .badRequest)
            #expect(phone.body["error"]["field"].string == "phone")
            let from = try await api.call(.get, "/v1/businesses/\(id)/calls?from=yesterday", key: key)
            #expect(from.status == .badRequest)
            #expect(from.body["error"]["field"].string == "from")
        }
    }

    /// What an LLM leaves out arrives as "": an empty key is no key, and a long or strange one still keys the write
    /// (stored as its digest) rather than failing the agent's call.
    @Test func emptyLongAndStrangeIdempotencyKeysStillBook() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "keys")
            let retell = api.retell(id)
            let strange = String(repeating: "k", count: 5000) + "\u{0}"
            for (n, key) in ["", strange].enumerated() {
                let args: [String: Any] = ["date": futureDate(), "time": "19:00", "party_size": 2, "name": "Key \(n)", "idempotency_key": key]
                let first = try await retell.call("create_booking", args, callID: "call_key_\(n)")
                #expect(first.body["ok"].bool == true, "\(first.text)")
                let again = try await retell.call("create_booking", args, callID: "call_key_\(n)")
                #expect(again.text == first.text, "a retry answers the stored bytes")
            }
            #expect(try await services.database.count("SELECT count(*)::int FROM bookings") == 2)
            #expect(try await services.database.count("SELECT count(*)::int FROM idempotency_keys WHERE key LIKE '%sha256:%'") == 1)
        }
    }

    /// A date a year away is spoken with its year: "up to Tuesday, November 30, 2027", never "up to Tuesday, November 30".
    @Test func aHorizonAYearAwayIsSpokenWithItsYear() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createRestaurant(slug: "far-ahead")
            _ = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["policy": ["booking_horizon_days": 365]])
            let answer = try await api.retell(id).call("check_availability", ["date": futureDate(days: 400), "time": "19:00"]).body
            #expect(answer["reason"].string == "TOO_FAR_AHEAD", "\(answer)")
            let last = try LocalDate(parsing: futureDate(days: 365), field: "last")
            #expect(answer["message"].string?.hasSuffix(", \(last.year)") == true, "\(answer)")
        }
    }
}

/// Builds plausible values from a schema and replaces one of their parts with raw JSON text.
enum Sample {
    enum Step: Equatable { case key(String), index(Int) }

    static func value(_ schema: Schema, _ components: [String: Schema], depth: Int = 0) -> Any {
        if let ref = schema.ref, let target = components[ref] { return value(target, components, depth: depth) }
        if let first = schema.alternatives.first { return value(first, components, depth: depth) }
        switch schema.kind {
        case .string:
            if let allowed = schema.allowed?.first { return allowed }
            if let example = schema.example { return example }
            switch schema.format {
            case "date": return futureDate(days: 5)
            case "uuid": return UUID().uuidString.lowercased()
            case "date-time": return ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 86400))
            case "email": return "guest@example.com"
            default: return (schema.description ?? "").contains("E.164") ? "+12125550123" : "Sample"
            }
        case .integer: return min(max(schema.minimum ?? 1, 1), schema.maximum ?? Int.max)
        case .number: return 1.5
        case .boolean: return false
        case .array: return depth < 4 ? schema.items.map { [value($0, components, depth: depth + 1)] } ?? [] : []
        case .object:
            guard depth < 5 else { return [String: Any]() }
            var out: [String: Any] = [:]
            for property in schema.properties { out[property.name] = value(property.schema, components, depth: depth + 1) }
            return out
        case nil: return "x"
        }
    }

    /// Every value inside `value` (containers too), as paths from the root.
    static func leaves(_ value: Any, prefix: [Step] = []) -> [[Step]] {
        var out: [[Step]] = []
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                out.append(prefix + [.key(key)])
                out += leaves(object[key]!, prefix: prefix + [.key(key)])
            }
        } else if let array = value as? [Any], let first = array.first {
            out.append(prefix + [.index(0)])
            out += leaves(first, prefix: prefix + [.index(0)])
        }
        return out
    }

    /// `value` as JSON text with the part at `path` replaced by `fragment` (raw JSON, so it may hold what
    /// JSONSerialization would never write).
    static func json(_ value: Any, replacing path: [Step], with fragment: String) -> String {
        let marked = replaced(value, at: path[...], with: "__HOSTILE__")
        let text = String(decoding: (try? JSONSerialization.data(withJSONObject: marked, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        return text.replacingOccurrences(of: "\"__HOSTILE__\"", with: fragment)
    }

    static func replaced(_ value: Any, at path: ArraySlice<Step>, with new: Any) -> Any {
        guard let step = path.first else { return new }
        switch step {
        case .key(let key):
            var object = value as? [String: Any] ?? [:]
            object[key] = replaced(object[key] ?? NSNull(), at: path.dropFirst(), with: new)
            return object
        case .index(let index):
            var array = value as? [Any] ?? []
            if array.isEmpty { array = [NSNull()] }
            array[min(index, array.count - 1)] = replaced(array[min(index, array.count - 1)], at: path.dropFirst(), with: new)
            return array
        }
    }
}

extension HostileInputTests {
    /// The business's path with its id, other ids random, and `overriding` values put in as they are (already encoded).
    static func fill(_ op: APIOperation, businessID: String, overriding: [String: String] = [:]) -> String {
        op.path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{") else { return String(segment) }
            let name = String(segment.dropFirst().dropLast())
            if let value = overriding[name] { return value }
            switch name {
            case "businessID": return businessID
            case "phone": return "%2B12125550123"
            case "date": return futureDate(days: 9)
            case "jobID": return "1"
            case "name": return "check_availability"
            default: return UUID().uuidString.lowercased()
            }
        }.joined(separator: "/")
    }
}
