import App
import Domain
import Foundation
import HTTPTypes
import Storage
import Testing

@Suite struct RetellFunctionsTests {
    func count(_ services: AppServices, _ sql: String) async throws -> Int { try await services.database.count(sql) }

    @Test func checkCreateFindModifyCancelThroughTheAgentAPI() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "agent-flow")
            let retell = api.retell(id)
            let date = futureDate()

            let check = try await retell.call("check_availability", ["date": date, "time": "7:30 pm", "party_size": "4"])
            #expect(check.status == .ok)
            #expect(check.body["ok"].bool == true)
            #expect(check.body["available"].bool == true, "\(check.text)")
            #expect(check.body["slot"]["start"].string == "\(date)T19:30")
            #expect(check.body["today"].string == futureDate(days: 0))
            #expect(check.body["slot"]["spoken"].string?.hasSuffix("at 7:30 PM") == true)

            let created = try await retell.call(
                "create_booking", ["date": date, "time": "19:30", "party_size": 4, "name": "Ada Lovelace", "notes": "window"])
            #expect(created.body["ok"].bool == true, "\(created.text)")
            let code = try #require(created.body["booking"]["confirmation_code"].string)
            #expect(code.count == 6 && !code.contains { "01OIL".contains($0) })
            #expect(created.body["booking"]["status"].string == "CONFIRMED")

            // The caller's own number is the default for find_booking.
            let found = try await retell.call("find_booking", [:])
            #expect(found.body["bookings"][0]["confirmation_code"].string == code, "\(found.text)")

            let modified = try await retell.call("modify_booking", ["confirmation_code": code.lowercased(), "time": "20:00", "party_size": 5])
            #expect(modified.body["ok"].bool == true, "\(modified.text)")
            #expect(modified.body["booking"]["start"].string == "\(date)T20:00")
            #expect(modified.body["booking"]["party_size"].int == 5)

            let cancelled = try await retell.call("cancel_booking", ["confirmation_code": code, "reason": "ill"])
            #expect(cancelled.body["booking"]["status"].string == "CANCELLED")
            let again = try await retell.call("cancel_booking", ["confirmation_code": code])
            #expect(again.body["ok"].bool == true)
            #expect(again.body["already_cancelled"].bool == true)
            let late = try await retell.call("modify_booking", ["confirmation_code": code, "time": "21:00"])
            #expect(late.body["error"].string == "NOT_MODIFIABLE")

            #expect(try await count(services, "SELECT count(*)::int FROM bookings") == 1)
            #expect(try await count(services, "SELECT count(*)::int FROM booking_changes") == 3)
            let message = try await retell.call("take_message", ["name": "Ada", "message": "Please call me about a party of 12", "urgent": true])
            #expect(message.body["ok"].bool == true, "\(message.text)")
            // Stored sealed, found by the number's blind index, and shown to the owner in the clear.
            let index = TestEnvironment.vault.phoneIndex(UUID(uuidString: retell.businessID)!, "+12125550111")
            #expect(
                try await count(
                    services, "SELECT count(*)::int FROM messages WHERE urgent AND caller_phone IS NULL AND caller_phone_bidx = '\(index)'") == 1)
            #expect(try await count(services, "SELECT count(*)::int FROM jobs WHERE kind = 'owner_message'") == 1)
        }
    }

    @Test func argsOnlyBodyTakesTheCallIDFromAHeader() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "args-only")
            let retell = api.retell(id)
            let body = Array(
                try JSONSerialization.data(withJSONObject: [
                    "date": futureDate(), "time": "18:00", "party_size": 2, "name": "Bo", "phone": "+442079460958",
                ]))
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Retell-Call-Id")!] = "call_header_1"
            let first = try await retell.raw(body, path: "/v1/retell/\(id)/functions/create_booking", headers: headers)
            let second = try await retell.raw(body, path: "/v1/retell/\(id)/functions/create_booking", headers: headers)
            #expect(first.body["ok"].bool == true, "\(first.text)")
            #expect(first.text == second.text, "a retry of the same call replays the same answer")
            #expect(try await count(services, "SELECT count(*)::int FROM bookings WHERE call_id = 'call_header_1'") == 1)
        }
    }

    @Test func businessOutcomesAreOkFalseWithStableCodes() async throws {
        try await TestApp.run { api, _ in
            let (id, _) = try await api.createRestaurant(slug: "outcomes", capacity: 4, maxParty: 4)
            let retell = api.retell(id)
            let date = futureDate()
            let tooLarge = try await retell.call("create_booking", ["date": date, "time": "19:00", "party_size": 9, "name": "Big"])
            #expect(tooLarge.body["ok"].bool == false)
            #expect(tooLarge.body["error"].string == "PARTY_TOO_LARGE")
            #expect(tooLarge.body["message"].string == "the largest party we can book is 4")
            let bad = try await retell.call("create_booking", ["date": "some day soon", "time": "19:00", "party_size": 2, "name": "X"])
            #expect(bad.body["error"].string == "INVALID_ARGUMENT")
            #expect(bad.body["field"].string == "date")
            #expect((bad.body["message"].string ?? "").contains("next friday"), "an example of what is accepted: \(bad.text)")
            let missing = try await retell.call("create_booking", ["date": date, "time": "19:00", "party_size": 2])
            #expect(missing.body["field"].string == "name")
            _ = try await retell.call("create_booking", ["date": date, "time": "19:00", "party_size": 4, "name": "First"])
            let taken = try await retell.call("create_booking", ["date": date, "time": "19:00", "party_size": 2, "name": "Second"])
            #expect(taken.body["error"].string == "SLOT_TAKEN")
            #expect((2 ... 3).contains(taken.body["alternatives"].array.count), "\(taken.text)")
            #expect(taken.body["alternatives"][0]["start"].string?.hasPrefix(date) == true, "same day first")
            let outside = try await retell.call("check_availability", ["date": date, "time": "09:00", "party_size": 2])
            #expect(outside.body["available"].bool == false)
            #expect(outside.body["reason"].string == "OUTSIDE_HOURS")
            let notFound = try await retell.call("cancel_booking", ["confirmation_code": "ABCDEF"])
            #expect(notFound.body["error"].string == "NOT_FOUND")
            let evening = try await retell.call("check_availability", ["date": date, "time": "evening", "party_size": 2])
            #expect(evening.body["available"].bool == true)
            #expect(evening.body["slots"].array.allSatisfy { ($0["start"].string ?? "") >= "\(date)T17:00" })
        }
    }

    @Test func signaturesAreRequiredAndExact() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "signed")
            let retell = api.retell(id)
            let body = Array(
                try JSONSerialization.data(withJSONObject: [
                    "name": "create_booking", "call": ["call_id": "c1"],
                    "args": ["date": futureDate(), "time": "19:00", "party_size": 2, "name": "Zoë"],
                ]))
            let path = "/v1/retell/\(id)/functions/create_booking"
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for (label, signature) in [
                ("missing", nil), ("wrong key", retell.sign(body, key: "not-the-key")), ("stale", retell.sign(body, at: now - 6 * 60 * 1000)),
                ("malformed", "v=\(now),d=xyz"),
            ] as [(String, String?)] {
                let response = try await retell.raw(body, path: path, signature: .some(signature))
                #expect(response.status == .unauthorized, "\(label)")
            }
            // Re-encoding the JSON (here: a space) changes the bytes, so the original signature fails.
            var reencoded = body
            reencoded.insert(UInt8(ascii: " "), at: 1)
            #expect(try await retell.raw(reencoded, path: path, signature: .some(retell.sign(body))).status == .unauthorized)
            #expect(try await count(services, "SELECT count(*)::int FROM bookings") == 0)
            // A rotated key list accepts either key; non-ASCII names survive because the raw bytes are verified.
            let ok = try await retell.raw(body, path: path)
            #expect(ok.body["ok"].bool == true, "\(ok.text)")
            #expect(ok.body["booking"]["name"].string == "Zoë")
        }
    }

    @Test func oneBusinessNeverReachesAnother() async throws {
        try await TestApp.run { api, services in
            let a = try await api.createRestaurant(slug: "tenant-a")
            let b = try await api.createRestaurant(slug: "tenant-b")
            let retellB = api.retell(b.id)
            let created = try await retellB.call("create_booking", ["date": futureDate(), "time": "19:00", "party_size": 2, "name": "B guest"])
            let code = try #require(created.body["booking"]["confirmation_code"].string)
            let retellA = api.retell(a.id)
            #expect(try await retellA.call("find_booking", ["confirmation_code": code]).body["error"].string == "NOT_FOUND")
            #expect(try await retellA.call("cancel_booking", ["confirmation_code": code]).body["error"].string == "NOT_FOUND")
            #expect(try await count(services, "SELECT count(*)::int FROM bookings WHERE status = 'CONFIRMED'") == 1)
            // A call whose agent (or number) is registered to B is refused on A's route.
            let registered = try await api.call(
                .put, "/v1/businesses/\(b.id)/retell", key: b.key,
                json: ["agent_ids": ["agent_b"], "phone_numbers": ["+1 212 555 0177"]])
            #expect(registered.body["phone_numbers"].array.compactMap(\.string) == ["+12125550177"], "\(registered.text)")
            let clash = try await api.call(
                .put, "/v1/businesses/\(a.id)/retell", key: a.key, json: ["agent_ids": ["agent_b"], "phone_numbers": [String]()])
            #expect(clash.status == .conflict)
            #expect(try await retellA.call("check_availability", ["date": futureDate()], call: ["to_number": "+12125550177"]).status == .forbidden)
            let routed = try await retellA.call("check_availability", ["date": futureDate()], call: ["agent_id": "agent_b"])
            #expect(routed.status == .forbidden)
            #expect(try await retellB.call("check_availability", ["date": futureDate()], call: ["agent_id": "agent_b"]).status == .ok)
        }
    }

    @Test func toolDefinitionsComeFromTheCatalog() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createRestaurant(slug: "tools")
            let response = try await api.call(.get, "/v1/businesses/\(id)/retell/tools", key: key)
            #expect(response.status == .ok)
            let tools = response.body["tools"].array
            #expect(
                tools.map { $0["name"].string ?? "" } == [
                    "check_availability", "create_booking", "modify_booking", "cancel_booking",
                    "find_booking", "send_confirmation", "take_message", "join_waitlist", "leave_waitlist",
                ])
            for tool in tools {
                #expect(tool["parameters"]["type"].string == "object")
                #expect(tool["url"].string?.hasSuffix("/v1/retell/\(id)/functions/\(tool["name"].string ?? "")") == true)
            }
            #expect(tools[1]["parameters"]["required"].array.compactMap(\.string).sorted() == ["date", "name", "party_size", "time"])
            #expect(response.body["prompt"].string?.contains("+12125550123") == true)
            let other = try await api.createRestaurant(slug: "tools-other")
            #expect(try await api.call(.get, "/v1/businesses/\(other.id)/retell/tools", key: key).status == .notFound)
        }
    }
}

extension RetellFunctionsTests {
    @Test func numbersBooleansAndStringsAreReadLeniently() async throws {
        try await TestApp.run { api, _ in
            let (id, _) = try await api.createRestaurant(slug: "lenient")
            let retell = api.retell(id)
            for party in [1, 2] as [Any] + ["3"] {
                let response = try await retell.call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": party])
                #expect(response.body["available"].bool == true, "\(party): \(response.text)")
            }
            let boolean = try await retell.call("check_availability", ["date": futureDate(), "time": "19:00", "party_size": true])
            #expect(boolean.body["field"].string == "party_size")
            let tomorrow = try await retell.call("check_availability", ["date": "tomorrow", "time": "7pm"])
            #expect(tomorrow.body["slot"]["start"].string == "\(futureDate(days: 1))T19:00", "\(tomorrow.text)")
        }
    }
}

extension RetellFunctionsTests {
    /// Fifty callers at once over HTTP for the last seats: exactly the capacity is booked, every other caller hears alternatives.
    @Test func fiftyConcurrentCallsForTheLastSeats() async throws {
        let logs = CapturedLogs()
        try await TestApp.run(logger: logs.logger, adjust: TestApp.noDeadlines) { api, services in
            let (id, _) = try await api.createRestaurant(slug: "rush", capacity: 10, maxParty: 2)
            let retell = api.retell(id)
            let date = futureDate()
            let answers = try await withThrowingTaskGroup(of: JSON.self) { group in
                for n in 0 ..< 50 {
                    group.addTask {
                        try await retell.call(
                            "create_booking", ["date": date, "time": "20:00", "party_size": 2, "name": "Caller \(n)"], callID: "rush_\(n)"
                        ).body
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0["ok"].bool == true }.count == 5)
            let refused = answers.filter { $0["ok"].bool == false }
            #expect(refused.count == 45)
            let odd = refused.filter { $0["error"].string != "SLOT_TAKEN" || $0["alternatives"].array.isEmpty }
            #expect(
                odd.isEmpty, "\(odd.prefix(2).map(\.description)) \(logs.all.filter { $0.contains("SYSTEM_DOWN") || $0.contains("error") }.prefix(3))"
            )
            #expect(try await count(services, "SELECT coalesce(sum(party_size), 0)::int FROM bookings WHERE status = 'CONFIRMED'") == 10)
            #expect(try await count(services, "SELECT count(*)::int FROM tool_calls WHERE name = 'create_booking'") == 50)
        }
    }

    /// The same create three times at once (Retell's retries racing): one booking, three identical answers.
    @Test func concurrentRetriesOfOneCallMakeOneBooking() async throws {
        try await TestApp.run(adjust: TestApp.noDeadlines) { api, services in
            let (id, _) = try await api.createRestaurant(slug: "retries")
            let retell = api.retell(id)
            nonisolated(unsafe) let args: [String: Any] = ["date": futureDate(), "time": "18:30", "party_size": 2, "name": "Retry"]
            let texts = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0 ..< 3 { group.addTask { try await retell.call("create_booking", args, callID: "call_retry").text } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(texts).count == 1, "\(texts)")
            #expect(try await count(services, "SELECT count(*)::int FROM bookings") == 1)
            #expect(try await count(services, "SELECT count(*)::int FROM tool_calls WHERE replayed") == 2)
            // The same key with different arguments is an error, not a second booking.
            var changed = args
            changed["idempotency_key"] = "explicit-1"
            _ = try await retell.call("create_booking", changed, callID: "call_retry")
            changed["party_size"] = 3
            let reused = try await retell.call("create_booking", changed, callID: "call_retry")
            #expect(reused.body["error"].string == "IDEMPOTENCY_KEY_REUSED")
            #expect(try await count(services, "SELECT count(*)::int FROM bookings") == 2)
            // An explicit key belongs to its call: another caller choosing the same words books for themselves.
            changed["party_size"] = 2
            let other = try await retell.call("create_booking", changed, callID: "call_other")
            #expect(other.body["ok"].bool == true, "\(other.text)")
            #expect(try await count(services, "SELECT count(*)::int FROM bookings") == 3)
        }
    }
}
