import App
import Foundation
import HummingbirdTesting
import Testing

@Suite(.serialized) struct OutageTests {
    /// The readiness probe says 503 quickly while the database is down, and 200 again once it is back,
    /// with the same server and pool throughout.
    @Test func readinessFollowsTheDatabaseWithoutARestart() async throws {
        try OutageCluster.start()
        defer { try? OutageCluster.stop() }
        let config = try TestApp.config(databaseURL: OutageCluster.url)
        let (app, _) = try buildApplication(config, logger: TestApp.logger)
        try await app.test(.router) { client in
            let api = API(client: client)
            #expect(try await api.call(.get, "/health/db").status == .ok)

            try OutageCluster.stop()
            let started = ContinuousClock.now
            let down = try await api.call(.get, "/health/db")
            let elapsed = ContinuousClock.now - started
            #expect(down.status == .serviceUnavailable)
            #expect(down.body["error"]["code"].string == "DATABASE_UNAVAILABLE")
            #expect(elapsed < .seconds(2), "answered in \(elapsed)")
            // Liveness does not depend on the database.
            #expect(try await api.call(.get, "/health").status == .ok)
            // Routes that need the database answer 503 with the stable code, not 500 or a hang.
            let route = try await api.call(.get, "/v1/businesses", key: API.admin)
            #expect(route.status == .serviceUnavailable, "\(route.text)")
            #expect(route.body["error"]["code"].string == "DATABASE_UNAVAILABLE")

            try OutageCluster.start()
            // The pool reconnects by itself; poll with a bound rather than sleeping a guessed time.
            var recovered = false
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if try await api.call(.get, "/health/db").status == .ok { recovered = true; break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(recovered)
        }
    }
}
