import App
import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Synchronization
import Testing

/// Rate limits (token buckets per key, per address, and Retell's own per business) and CORS for listed origins.
@Suite struct LimitsTests {
    final class Clock: Sendable {
        let now = Mutex(ContinuousClock.now)
        func advance(_ d: Duration) { now.withLock { $0 += d } }
    }

    @Test func aBucketEmptiesThenRefillsAtItsRate() {
        let clock = Clock()
        let buckets = TokenBuckets(now: { clock.now.withLock { $0 } })
        let limit = TokenBuckets.Limit(rate: 2, burst: 3)
        #expect((0 ..< 3).allSatisfy { _ in buckets.take("k", limit) == nil }, "the burst")
        let wait = buckets.take("k", limit)
        #expect(wait == .milliseconds(500), "one token comes back every half second")
        #expect(buckets.take("other", limit) == nil, "another key has its own bucket")
        clock.advance(.milliseconds(500))
        #expect(buckets.take("k", limit) == nil)
        #expect(buckets.take("k", limit) != nil)
        clock.advance(.seconds(10))
        #expect((0 ..< 3).allSatisfy { _ in buckets.take("k", limit) == nil }, "refilled up to the burst, not beyond")
        #expect(buckets.take("k", limit) != nil)
    }

    @Test func anOwnersScriptIsLimitedButNeverTheirLiveCalls() async throws {
        try await TestApp.run(extra: ["RATE_LIMIT_KEY": "0.01/3", "RATE_LIMIT_RETELL": "1000/1000"]) { api, _ in
            let (id, key) = try await api.createRestaurant(slug: "limited")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0 ..< 4 { statuses.append(try await api.call(.get, "/v1/businesses/\(id)", key: key).status) }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            let limited = try await api.call(.get, "/v1/businesses/\(id)", key: key)
            #expect(limited.body["error"]["code"].string == "RATE_LIMITED")
            // One token every 100 s: however slow this test runs, the wait left is most of that.
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((50 ... 100).contains(retryAfter), "\(retryAfter)")
            // The same business's live calls have their own bucket.
            let retell = api.retell(id)
            for _ in 0 ..< 5 {
                let check = try await retell.call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": 2])
                #expect(check.status == .ok && check.body["ok"].bool == true)
            }
            // The platform's key is another key.
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: API.admin).status == .ok)
        }
    }

    /// A business's id is in every Retell URL, so anyone can send requests naming it: only signed ones spend its live
    /// calls' bucket. Forged ones are refused as unsigned however many come, and the signed ones then get the whole burst.
    @Test func forgedRetellRequestsCannotUseUpABusinesssLiveCalls() async throws {
        try await TestApp.run(extra: ["RATE_LIMIT_RETELL": "0.01/3"]) { api, _ in
            let (id, _) = try await api.createRestaurant(slug: "named")
            let retell = api.retell(id)
            let body = Array(#"{"name":"check_availability","args":{},"call":{"call_id":"call_forged"}}"#.utf8)
            for signature in [String?.none, "v=1,d=00", retell.sign(body, key: "not-the-key")] {
                for _ in 0 ..< 4 {
                    let forged = try await retell.raw(body, path: "/v1/retell/\(id)/functions/check_availability", signature: .some(signature))
                    #expect(forged.status == .unauthorized, "\(forged.text)")
                }
            }
            var statuses: [HTTPResponse.Status] = []
            for _ in 0 ..< 4 {
                statuses.append(try await retell.call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": 2]).status)
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
        }
    }

    /// The per-address bucket, on a live server (the in-process client has no address): one client address past its
    /// burst gets 429 `RATE_LIMITED` with `Retry-After` and the request id, while another address, with the same key,
    /// is still served.
    @Test func oneAddressPastItsLimitIsRefusedWhileAnotherIsServed() async throws {
        // One token every 100 s after a burst of 3, per address; the key's own limit stays out of reach.
        try await TestApp.run(extra: ["RATE_LIMIT_ADDRESS": "0.01/3"], live: true) { api, _ in
            let port = try #require(api.client.port)
            func list(from address: String) async throws -> AddressedHTTP.Answer {
                try await AddressedHTTP.get(
                    "/v1/businesses", port: port, from: address,
                    headers: ["Authorization": "Bearer \(API.admin)", "X-Request-Id": "rl-\(address)"])
            }
            var statuses: [Int] = []
            for _ in 0 ..< 4 { statuses.append(try await list(from: "127.0.0.2").status) }
            #expect(statuses == [200, 200, 200, 429])
            let limited = try await list(from: "127.0.0.2")
            #expect(limited.status == 429)
            #expect(limited.body["error"]["code"].string == "RATE_LIMITED", "\(limited.body)")
            #expect(limited.body["error"]["request_id"].string == "rl-127.0.0.2")
            let retryAfter = try #require(limited.headers["retry-after"].flatMap(Int.init))
            #expect((50 ... 100).contains(retryAfter), "\(retryAfter)")
            let other = try await list(from: "127.0.0.3")
            #expect(other.status == 200, "another address has its own bucket: \(other.body)")
            #expect(other.body["businesses"].value is [Any], "the real answer, the list of businesses")
            #expect(try await list(from: "127.0.0.2").status == 429, "the first address is still waiting")
        }
    }

    /// Forged requests to Retell's routes spend their address's bucket (and only theirs), so a flood of them is
    /// refused early, while signed calls from the same address go on; a doubled slash meets the same limits.
    @Test func forgedRetellRequestsFromOneAddressAreLimitedWithoutTouchingSignedCalls() async throws {
        try await TestApp.run(extra: ["RATE_LIMIT_ADDRESS": "0.01/3"], live: true) { api, _ in
            let port = try #require(api.client.port)
            let (id, _) = try await api.createRestaurant(slug: "flooded")
            let path = "/v1/retell/\(id)/functions/check_availability"
            let body =
                #"{"name":"check_availability","args":{"date":"\#(futureDate())","time":"19:00","party_size":2},"call":{"call_id":"call_f"}}"#
            var statuses: [Int] = []
            for _ in 0 ..< 4 {
                statuses.append(
                    try await AddressedHTTP.post(path, port: port, from: "127.0.0.4", headers: ["x-retell-signature": "v=1,d=00"], body: body)
                        .status)
            }
            #expect(statuses == [401, 401, 401, 429])
            let signature = RetellSignature.sign(
                body: Array(body.utf8), key: TestEnvironment.retellKey, timestampMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            for _ in 0 ..< 4 {
                let signed = try await AddressedHTTP.post(
                    path, port: port, from: "127.0.0.4", headers: ["x-retell-signature": signature], body: body)
                #expect(signed.status == 200 && signed.body["ok"].bool == true, "\(signed.text)")
            }
            let doubled = try await AddressedHTTP.get(
                "//v1/businesses", port: port, from: "127.0.0.5", headers: ["Authorization": "Bearer \(API.admin)"])
            #expect(doubled.status == 200, "\(doubled.text)")
            var owner: [Int] = []
            for _ in 0 ..< 3 {
                owner.append(
                    try await AddressedHTTP.get(
                        "//v1/businesses", port: port, from: "127.0.0.5", headers: ["Authorization": "Bearer \(API.admin)"]
                    ).status)
            }
            #expect(owner == [200, 200, 429], "a doubled slash is the same route and the same bucket")
        }
    }

    @Test func listedOriginsGetCORSAndOthersDoNot() async throws {
        try await TestApp.run(extra: ["CORS_ORIGINS": "https://console.example.com"]) { api, _ in
            var headers = HTTPFields()
            headers[.origin] = "https://console.example.com"
            let allowed = try await api.call(.get, "/health", headers: headers)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://console.example.com")
            #expect(allowed.headers[.vary] == "Origin")
            headers[.accessControlRequestMethod] = "PATCH"
            let preflight = try await api.call(.options, "/v1/businesses", headers: headers)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            var evil = HTTPFields()
            evil[.origin] = "https://evil.example.com"
            #expect(try await api.call(.get, "/health", headers: evil).headers[.accessControlAllowOrigin] == nil)
        }
        #expect(throws: ConfigError.self) { _ = try TestApp.config(databaseURL: "postgres://x@127.0.0.1/x", extra: ["CORS_ORIGINS": "console"]) }
    }
}
