import App
import Foundation
import HTTPTypes
import Testing

@Suite struct PlatformTests {
    @Test func requestIDsAreEchoedAndReportedInErrors() async throws {
        try await TestApp.run { api, _ in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Request-Id")!] = "call-1234"
            let ok = try await api.call(.get, "/health", headers: headers)
            #expect(ok.headers[HTTPField.Name("X-Request-Id")!] == "call-1234")
            let failed = try await api.call(.get, "/v1/businesses/\(UUID())", key: "Bearer nope", headers: headers)
            #expect(failed.body["error"]["request_id"].string == "call-1234")
            let generated = try await api.call(.get, "/no/such/route")
            #expect(generated.status == .notFound)
            #expect(generated.body["error"]["code"].string == "NOT_FOUND")
            let id = try #require(generated.headers[HTTPField.Name("X-Request-Id")!])
            #expect(generated.body["error"]["request_id"].string == id)
            // A hostile id (control characters) is replaced, not logged.
            var evil = HTTPFields()
            evil[HTTPField.Name("X-Request-Id")!] = String(repeating: "x", count: 300)
            let replaced = try await api.call(.get, "/health", headers: evil)
            #expect(replaced.headers[HTTPField.Name("X-Request-Id")!]?.count == 36)
        }
    }

    @Test func healthAndReadiness() async throws {
        try await TestApp.run { api, _ in
            let live = try await api.call(.get, "/health")
            #expect(live.status == .ok)
            #expect(live.body["status"].string == "ok")
            // Probed as an orchestrator does, a few times: on a loaded test run the first round trip (which also opens
            // the pool's first connection) may miss the 1.5 s budget the product keeps for a hung database.
            var ready = try await api.call(.get, "/health/db")
            for _ in 0 ..< 4 where ready.status != .ok {
                #expect(ready.status == .serviceUnavailable && ready.body["error"]["code"].string == "DATABASE_UNAVAILABLE", "\(ready.text)")
                ready = try await api.call(.get, "/health/db")
            }
            #expect(ready.status == .ok)
            #expect(ready.body["database"]["pool"]["max"].int == 8)
            // Seed 004's facts on both probes: the clock, the uptime and the version.
            for body in [live.body, ready.body] {
                #expect(body["version"].string == ServerVersion.current && body["uptime_seconds"].int != nil)
                let stamp = try #require(body["timestamp"].string.flatMap { ISO8601DateFormatter().date(from: $0) })
                #expect(abs(stamp.timeIntervalSinceNow) < 60)
            }
        }
    }

    @Test func metricsExposeRequestCountsPerRouteAndStatus() async throws {
        try await TestApp.run { api, _ in
            _ = try await api.createBusiness(slug: "metered")
            _ = try await api.call(.get, "/v1/businesses", key: "nope")
            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("hb_requests"))
            #expect(metrics.text.contains(#"http_route="/v1/businesses""#))
            #expect(metrics.text.contains(#"http_response_status_code="201""#))
            #expect(metrics.text.contains(#"http_response_status_code="401""#))
            #expect(metrics.text.contains("http_server_request_duration_bucket"))
            #expect(metrics.text.contains("db_pool_max_connections 8"))
            // The agent's answers by function and result, for the SYSTEM_DOWN alert (deploy/prometheus/alerts.yml).
            let (id, _) = try await api.createRestaurant(slug: "metered-calls")
            _ = try await api.retell(id).call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": 2])
            let after = try await api.call(.get, "/metrics").text
            #expect(after.contains(#"retell_function_answers_total{function="check_availability",result="ok"}"#), "\(after.prefix(400))")
        }
    }

    @Test func secretsNeverAppearInResponses() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(slug: "secretive")
            for path in ["/v1/businesses/\(id)", "/v1/businesses/\(id)/api-keys", "/metrics", "/health/db"] {
                let response = try await api.call(.get, path, key: key)
                #expect(!response.text.contains(key), "\(path)")
                #expect(!response.text.contains(TestEnvironment.platformAdminKey), "\(path)")
            }
        }
    }
}
