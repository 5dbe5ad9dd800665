import App
import Domain
import Foundation
import HTTPTypes
import Logging
import RetellProvisioning
import Storage
import Testing

/// The platform provisions each business's phone agent at Retell (against `FakeRetell`, with the SDK's shapes): connect
/// end to end, a change that alters what the agent knows syncs once (and nothing when nothing changed), a crash between
/// Retell's create and our write leaves one agent and one bought number, Retell's refusals are classified, and
/// disconnect leaves nothing behind.
@Suite struct PhoneAgentTests {
    static func jobs(_ services: AppServices, _ state: String) async throws -> Int {
        try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'retell_sync' AND state = '\(state)'")
    }

    /// Runs the product's worker pool until no sync waits.
    static func drain(_ services: AppServices, _ retell: FakeRetell) async throws {
        let pool = try TestPools.product(services.database, environment: retell.environment)
        let done = try await TestPools.run([pool]) {
            let waiting = try await jobs(services, "available")
            let running = try await jobs(services, "running")
            return waiting == 0 && running == 0
        }
        #expect(done, "the sync jobs ran")
    }

    @Test func connectSyncAndDisconnect() async throws {
        try await FakeRetell.with { retell in
            try await TestApp.run(extra: retell.environment) { api, services in
                let (id, key) = try await api.createRestaurant(slug: "agent-bistro")
                let path = "/v1/businesses/\(id)/retell/agent"
                #expect(try await api.call(.get, path, key: key).body["status"].string == "not_connected")
                let voices = try await api.call(.get, "/v1/businesses/\(id)/retell/voices", key: key)
                #expect(voices.body["voices"][0]["voice_id"].string == "retell-Cimo")

                let unconfirmed = try await api.call(.post, path, key: key, json: ["voice_id": "retell-Cimo", "buy_area_code": 415])
                #expect(unconfirmed.status == .unprocessableContent && unconfirmed.body["error"]["field"].string == "confirm_purchase")
                #expect(retell.requests("POST /create").isEmpty, "nothing made before the purchase is confirmed")

                let connected = try await api.call(
                    .post, path, key: key, json: ["voice_id": "retell-Cimo", "buy_area_code": 415, "confirm_purchase": true])
                #expect(connected.status == .ok, "\(connected.text)")
                #expect(connected.body["status"].string == "connected" && connected.body["published_version"].int == 0)
                let number = try #require(connected.body["phone_number"].string)
                #expect(!connected.text.contains(FakeRetell.key), "the platform's key never reaches an owner")

                let (llmID, agent, bound) = retell.state.withLock { s in (s.llms.keys.first, s.agents.values.first, s.numbers[number]) }
                let llm = try #require(retell.state.withLock { s in llmID.flatMap { s.llms[$0] } })
                #expect(llm.contains(#""max_retry":1"#) && llm.contains(#""type":"transfer_call""#) && llm.contains("+12125550123"))
                #expect(llm.contains("/v1/retell/\(id)/functions/check_availability") && llm.contains("Monday: noon to 11 PM"))
                #expect(agent?.name == "receptionist-\(id)" && agent?.body["webhook_url"]?.hasSuffix("/v1/retell/webhooks") == true)
                #expect(agent?.published == [0])
                #expect(bound?["inbound_webhook_url"]?.hasSuffix("/v1/retell/inbound") == true)
                #expect(bound?["inbound_agents"]?.contains(#""agent_version":"latest_published""#) == true)
                let routes = try await api.call(.get, "/v1/businesses/\(id)/retell", key: key)
                #expect(routes.body["phone_numbers"][0].string == number && routes.body["agent_ids"].array.count == 1)

                // A change of hours: one sync queued however many changes come at once, one new version and one publish,
                // the new hours in the prompt; the same facts again: no call to Retell.
                let weekly = ["weekly": ["monday": [["opens": "08:00", "closes": "15:00"]]]]
                #expect(try await api.call(.put, "/v1/businesses/\(id)/hours", key: key, json: weekly).status == .ok)
                #expect(try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["name": "Agent Bistro"]).status == .ok)
                #expect(try await Self.jobs(services, "available") == 2, "each change queues its sync (in order; the later finds nothing new)")
                try await Self.drain(services, retell)
                #expect(retell.requests("POST /create-agent-version").count == 1 && retell.requests("POST /publish-agent-version").count == 2)
                let prompt = try #require(retell.state.withLock { s in llmID.flatMap { s.llms[$0] } })
                #expect(prompt.contains("Monday: 8 AM to 3 PM") && prompt.contains("Agent Bistro"))
                #expect(try await api.call(.get, path, key: key).body["published_version"].int == 1)

                #expect(try await api.call(.put, "/v1/businesses/\(id)/hours", key: key, json: weekly).status == .ok)
                try await Self.drain(services, retell)
                #expect(retell.requests("POST /publish-agent-version").count == 2, "unchanged facts publish nothing")

                // A holiday reaches the prompt too.
                let holiday = ["date": futureDate(days: 20), "closed": true, "reason": "Staff party"] as [String: Any]
                #expect(try await api.call(.post, "/v1/businesses/\(id)/date-overrides", key: key, json: holiday).status == .created)
                try await Self.drain(services, retell)
                #expect(retell.requests("POST /publish-agent-version").count == 3)
                #expect(retell.state.withLock { s in llmID.flatMap { s.llms[$0] } }?.contains("closed (Staff party)") == true)

                // The business's language: the agent's speech and greeting follow at the next sync.
                #expect(try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["language": "de-DE"]).status == .ok)
                try await Self.drain(services, retell)
                #expect(retell.state.withLock { $0.agents.values.first?.body["language"] } == "de-DE")
                let german = retell.state.withLock { s in llmID.flatMap { s.llms[$0] } } ?? ""
                #expect(german.contains("Danke für Ihren Anruf") && german.contains("Montag: 08:00 bis 15:00"), "the facts in German: \(german)")
                #expect(try await api.call(.get, path, key: key).body["language"].string == "de-DE")

                // Disconnect with the number released: nothing left at Retell or here.
                let gone = try await api.call(.delete, path + "?release_number=true", key: key)
                #expect(gone.body["status"].string == "not_connected")
                #expect(retell.state.withLock { $0.llms.isEmpty && $0.agents.isEmpty && $0.numbers.isEmpty })
                #expect(try await api.call(.get, "/v1/businesses/\(id)/retell", key: key).body["agent_ids"].array.isEmpty)
                #expect(try await services.database.count("SELECT count(*)::int FROM retell_agents") == 0)
                #expect(
                    try await services.database.strings("SELECT action FROM audit_events WHERE action LIKE 'phone_agent.%' ORDER BY id")
                        == ["phone_agent.connect_requested", "phone_agent.disconnected"])

                // Another business's key reaches none of it, and cannot take another business's number by importing it.
                let (otherID, otherKey) = try await api.createRestaurant(slug: "other-bistro")
                #expect([.forbidden, .notFound].contains(try await api.call(.get, path, key: otherKey).status))
                let first = try await api.call(
                    .post, "/v1/businesses/\(otherID)/retell/agent", key: otherKey,
                    json: ["voice_id": "retell-Cimo", "import_number": "+1 212 555 0177", "termination_uri": "other.pstn.twilio.com"])
                #expect(first.body["phone_number"].string == "+12125550177")
                let (thirdID, thirdKey) = try await api.createRestaurant(slug: "third-bistro")
                let takeover = try await api.call(
                    .post, "/v1/businesses/\(thirdID)/retell/agent", key: thirdKey,
                    json: ["voice_id": "retell-Cimo", "import_number": "+12125550177", "termination_uri": "evil.example"])
                #expect(takeover.status == .conflict, "\(takeover.text)")
                #expect(
                    retell.state.withLock { $0.numbers["+12125550177"]?["nickname"] } == "receptionist-\(otherID)",
                    "the number stays with its business")
            }
        }
    }

    /// A crash just after Retell made the agent (or bought the number) and before we wrote its id: connecting again
    /// finds it by our marker, so there is one agent and one bought number.
    @Test(arguments: [RetellAgent.Step.llm, .agent, .number])
    func aCrashBetweenCreateAndRecordIsRecoveredWithoutADuplicate(step: RetellAgent.Step) async throws {
        struct Crash: Error {}
        try await FakeRetell.with { retell in
            try await TestApp.run(extra: retell.environment) { api, services in
                let (id, _) = try await api.createRestaurant(slug: "crash-bistro")
                let businessID = try #require(UUID(uuidString: id))
                let client = RetellClient(configuration: .init(apiKey: FakeRetell.key, baseURL: retell.baseURL))
                let crashing = Provisioner(
                    client: client, database: services.database, publicBaseURL: services.config.publicBaseURL, logger: TestApp.logger,
                    afterCreate: { made in if made == step { throw Crash() } })
                await #expect(throws: Crash.self) {
                    try await crashing.connect(
                        businessID, voiceID: "retell-Cimo", language: "en-US", number: .buy(areaCode: 212), terminationURI: nil, audit: nil)
                }
                let healthy = try #require(services.provisioner)
                try await healthy.connect(
                    businessID, voiceID: "retell-Cimo", language: "en-US", number: .buy(areaCode: 212), terminationURI: nil, audit: nil)
                let (llms, agents, purchases) = retell.state.withLock { ($0.llms.count, $0.agents.count, $0.purchases) }
                #expect(llms == 1 && agents == 1 && purchases == 1, "one of each after the recovery")
                #expect(try await RetellAgentStore(database: services.database).get(businessID)?.state == .connected)
            }
        }
    }

    /// Two connects at once (a double-click, a retried request): one claims the agent, the other is refused as busy or
    /// finds it connected; either way one LLM, one agent, one bought number.
    @Test func concurrentConnectsBuyOneNumber() async throws {
        try await FakeRetell.with { retell in
            try await TestApp.run(extra: retell.environment) { api, services in
                let (id, _) = try await api.createRestaurant(slug: "double-click")
                let businessID = try #require(UUID(uuidString: id))
                let provisioner = try #require(services.provisioner)
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0 ..< 4 {
                        group.addTask {
                            do {
                                try await provisioner.connect(
                                    businessID, voiceID: "retell-Cimo", language: "en-US", number: .buy(areaCode: 718), terminationURI: nil,
                                    audit: nil)
                                return true
                            } catch { return false }
                        }
                    }
                    var results: [Bool] = []
                    for await result in group { results.append(result) }
                    return results
                }
                #expect(outcomes.contains(true), "one of them connected")
                let (llms, agents, purchases) = retell.state.withLock { ($0.llms.count, $0.agents.count, $0.purchases) }
                #expect(llms == 1 && agents == 1 && purchases == 1, "\(llms) LLMs, \(agents) agents, \(purchases) numbers bought")
            }
        }
    }

    /// Retell's refusals, sorted: a refused key marks the connection broken (no retry can fix it); 429 and 500 go back to
    /// the queue and the sync lands afterwards.
    @Test func refusalsAreClassified() async throws {
        try await FakeRetell.with { retell in
            try await TestApp.run(extra: retell.environment) { api, services in
                let (id, key) = try await api.createRestaurant(slug: "flaky-bistro")
                let connect = try await api.call(
                    .post, "/v1/businesses/\(id)/retell/agent", key: key,
                    json: ["voice_id": "retell-Cimo", "import_number": "+1 212 555 0188", "termination_uri": "bistro.pstn.twilio.com"])
                #expect(connect.body["phone_number"].string == "+12125550188" && connect.body["number_purchased"].bool == false)

                retell.script("/create-agent-version", 429, 500)
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/hours", key: key, json: ["weekly": ["friday": [["opens": "10:00", "closes": "16:00"]]]])
                let pool = try TestPools.product(services.database, environment: retell.environment)
                let landed = try await TestPools.run([pool]) { try await Self.jobs(services, "succeeded") == 1 }
                #expect(landed, "the sync lands after a 429 and a 500")
                #expect(retell.requests("POST /create-agent-version").count == 3)

                retell.script("/create-agent-version", 401)
                _ = try await api.call(
                    .put, "/v1/businesses/\(id)/hours", key: key, json: ["weekly": ["friday": [["opens": "11:00", "closes": "16:00"]]]])
                let dead = try await TestPools.run([try TestPools.product(services.database, environment: retell.environment)]) {
                    try await Self.jobs(services, "dead") == 1
                }
                #expect(dead, "a refused key is not retried")
                let state = try await api.call(.get, "/v1/businesses/\(id)/retell/agent", key: key)
                #expect(state.body["status"].string == "broken" && state.body["last_error"].string?.contains("401") == true)
                #expect(
                    try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'owner_phone_agent_broken'") == 1,
                    "the owner is told, once")
            }
        }
    }

    /// The console's Phone agent page: Retell's voices with a sample to hear, a purchase refused until its cost is
    /// agreed, connected (the checklist ticks it), the platform's key never on a page, staff kept out, disconnected.
    @Test func theOwnerConnectsFromTheConsole() async throws {
        try await FakeRetell.with { retell in
            try await TestApp.run(extra: retell.environment) { api, services in
                let (id, _) = try await api.createRestaurant(slug: "console-agent")
                var (owner, host) = try await ConsoleDailyTests.team(api, services, business: id, owner: "Pia", host: "Hal")
                let base = "/console/businesses/\(id)"
                let page = try await owner.get(base + "/phone-agent")
                #expect(page.status == .ok && page.html.contains("Cimo, female, American") && page.html.contains("https://retell-utils-public"))
                let token = try #require(page.csrf)
                let form = ["csrf": token, "voice_id": "retell-Cimo", "language": "en-US", "number": "buy", "area_code": "646"]
                let unconfirmed = try await owner.post(base + "/phone-agent", form)
                #expect(unconfirmed.status == .unprocessableContent && unconfirmed.html.contains("Tick the box to agree"))
                #expect(retell.state.withLock { $0.purchases } == 0)
                var confirmed = form
                confirmed["confirm_purchase"] = "on"
                #expect(try await owner.post(base + "/phone-agent", confirmed).headers[.location] == base + "/phone-agent?done=connected")
                let connected = try await owner.get(base + "/phone-agent")
                #expect(connected.html.contains("Answering +1646555") && !connected.html.contains(FakeRetell.key))
                // A new voice later: the form asks for no number any more, and the change is published.
                let revoiced = try await owner.post(base + "/phone-agent", ["csrf": token, "voice_id": "11labs-Adrian", "language": "en-GB"])
                #expect(revoiced.headers[.location] == base + "/phone-agent?done=connected")
                #expect(retell.state.withLock { $0.agents.values.first?.body["voice_id"] } == "11labs-Adrian")
                #expect(retell.state.withLock { $0.purchases } == 1)
                #expect(try await owner.get(base).html.contains(#"<a href="\#(base)/phone-agent">Phone agent</a> <span class="state">done</span>"#))
                #expect(try await host.get(base + "/phone-agent").status == .notFound)
                let off = try await owner.post(base + "/phone-agent/disconnect", ["csrf": token, "release_number": "on"])
                #expect(off.headers[.location] == base + "/phone-agent?done=disconnected")
                #expect(try await owner.get(base + "/phone-agent").html.contains("Connect your phone agent"))
                #expect(retell.state.withLock { $0.agents.isEmpty && $0.numbers.isEmpty && $0.llms.isEmpty })
            }
        }
    }
}
