import App
import Domain
import Foundation
import HTTPCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Behind a load balancer: the client's address comes from `X-Forwarded-For` only when the peer is a trusted proxy,
/// so each client keeps its own rate-limit bucket and nobody else can choose theirs.
@Suite struct TrustedProxiesTests {
    @Test func theClientIsTheRightMostAddressThatIsNoProxy() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.5, fd00::/8")
        #expect(proxies.trusts("10.1.2.3") && proxies.trusts("192.168.1.5") && proxies.trusts("fd12::1"))
        #expect(!proxies.trusts("192.168.1.6") && !proxies.trusts("11.0.0.1") && !proxies.trusts("not an address"))
        #expect(proxies.client(peer: "10.0.0.7", forwardedFor: "203.0.113.9") == "203.0.113.9")
        #expect(
            proxies.client(peer: "10.0.0.7", forwardedFor: "198.51.100.1, 203.0.113.9, 10.0.0.2") == "203.0.113.9", "a spoofed left entry is ignored")
        #expect(proxies.client(peer: "203.0.113.50", forwardedFor: "198.51.100.1") == "203.0.113.50", "only a proxy's header is believed")
        #expect(proxies.client(peer: "10.0.0.7", forwardedFor: "garbage") == "10.0.0.7")
        // A balancer that writes ports, a dual-stack listener's IPv4-mapped peer, an unreadable entry ending the walk.
        #expect(proxies.client(peer: "10.0.0.7", forwardedFor: "1.2.3.4, 198.51.100.7:5123") == "198.51.100.7")
        #expect(proxies.client(peer: "10.0.0.7", forwardedFor: "[2001:db8::9]:443") == "2001:db8::9")
        #expect(proxies.client(peer: "::ffff:10.0.0.7", forwardedFor: "203.0.113.9") == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.7", forwardedFor: "1.2.3.4, unknown, 10.0.0.3") == "10.0.0.3", "never left of what cannot be read")
        #expect(TrustedProxies.none.client(peer: "10.0.0.7", forwardedFor: "203.0.113.9") == "10.0.0.7")
        #expect(throws: ValidationError.self) { try TrustedProxies(parsing: "10.0.0.0/33") }
        #expect(throws: ValidationError.self) { try TrustedProxies(parsing: "proxy.internal") }
    }

    @Test func behindTheProxyEachClientHasItsOwnBucket() async throws {
        // The load balancer is 127.0.0.2; 127.0.0.3 is a client that reached the server directly.
        try await TestApp.run(extra: ["RATE_LIMIT_ADDRESS": "0.01/2", "TRUSTED_PROXIES": "127.0.0.2"], live: true) { api, _ in
            let port = try #require(api.client.port)
            func list(from peer: String, forwardedFor: String) async throws -> Int {
                try await AddressedHTTP.get(
                    "/v1/businesses", port: port, from: peer,
                    headers: ["Authorization": "Bearer \(API.admin)", "X-Forwarded-For": forwardedFor]
                ).status
            }
            var alice: [Int] = []
            for _ in 0 ..< 3 { alice.append(try await list(from: "127.0.0.2", forwardedFor: "203.0.113.9")) }
            #expect(alice == [200, 200, 429], "one client through the proxy is limited")
            #expect(try await list(from: "127.0.0.2", forwardedFor: "198.51.100.7") == 200, "another client through it is not")
            // A direct client cannot borrow another's bucket (or escape its own) by sending the header itself.
            var direct: [Int] = []
            for name in ["198.51.100.8", "198.51.100.9", "198.51.100.10"] { direct.append(try await list(from: "127.0.0.3", forwardedFor: name)) }
            #expect(direct == [200, 200, 429], "the header from a non-proxy is ignored: \(direct)")
        }
    }
}
