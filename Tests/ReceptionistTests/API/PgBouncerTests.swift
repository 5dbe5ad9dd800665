import App
import Foundation
import Testing

/// Behind PgBouncer 1.18 in transaction mode (how a managed deployment pools connections), every statement of the
/// product works: onboarding, the agent's functions under the business's lock and their idempotent replay, the owner
/// API, a status change. (Migrations and LISTEN use DATABASE_DIRECT_URL; they have their own tests.)
@Suite(.serialized) struct PgBouncerTests {
    @Test func theProductWorksThroughPgBouncerInTransactionMode() async throws {
        let databasePort = Int(ProcessInfo.processInfo.environment["TEST_PG_PORT"] ?? "54330") ?? 54330
        let bouncer = try await PgBouncer(databasePort: databasePort)
        do {
            // No deadlines: this proves correctness through the pooler; on a loaded machine a caller answered SYSTEM_DOWN
            // (stored for nobody) would make the replay below compare two different things.
            let throughBouncer: @Sendable (inout AppConfig) -> Void = { config in
                TestApp.noDeadlines(&config)
                config.databaseURL = config.databaseURL.replacingOccurrences(of: ":\(databasePort)/", with: ":\(bouncer.port)/")
            }
            try await TestApp.run(adjust: throughBouncer) { api, services in
                let (id, key) = try await api.createRestaurant(slug: "pooled-bistro")
                let retell = api.retell(id)
                let date = futureDate(days: 3)
                let free = try await retell.call("check_availability", ["date": date, "time": "19:00", "party_size": 2])
                #expect(free.body["available"].bool == true, "\(free.text) — \(bouncer.log.suffix(600))")
                // Twenty callers at once for the same business: its transaction-scoped lock and SKIP-free decisions hold.
                let answers = try await withThrowingTaskGroup(of: (Int, APIResponse).self) { group in
                    for n in 0 ..< 20 {
                        group.addTask {
                            let made = try await retell.call(
                                "create_booking", ["date": date, "time": "19:00", "party_size": 2, "name": "Guest \(n)"],
                                callID: "call_pooled_\(n)")
                            return (n, made)
                        }
                    }
                    var answers: [Int: APIResponse] = [:]
                    for try await (n, made) in group { answers[n] = made }
                    return answers
                }
                let codes = answers.values.compactMap { $0.body["booking"]["confirmation_code"].string }
                #expect(codes.count == 5, "capacity 10 at 2 guests each: five bookings, the rest refused (\(codes.count))")
                // The same call again replays its answer (the idempotency table through the pooler).
                let again = try await retell.call(
                    "create_booking", ["date": date, "time": "19:00", "party_size": 2, "name": "Guest 0"], callID: "call_pooled_0")
                #expect(again.text == answers[0]?.text, "the stored answer, byte for byte, whatever it was")
                let list = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key)
                #expect(list.status == .ok && list.body["bookings"].array.count == 5, "\(list.text)")
                let first = try #require(list.body["bookings"][0]["id"].string)
                let cancelled = try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(first)", key: key)
                #expect(cancelled.body["status"].string == "CANCELLED")
                #expect(try await services.database.count("SELECT count(*)::int FROM bookings WHERE status = 'CONFIRMED'") == 4)
                #expect(bouncer.log.contains("login attempt"), "the pool's connections went through PgBouncer")
            }
        } catch {
            let log = bouncer.log
            await bouncer.stop()
            throw TestFailure("\(error)\n\(log.suffix(2000))")
        }
        await bouncer.stop()
    }
}
