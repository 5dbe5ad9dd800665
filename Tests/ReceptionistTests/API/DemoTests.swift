import App
import Domain
import Foundation
import HTTPCore
import Storage
import Testing
import Tools

@Suite struct DemoTests {
    @Test func demoIsIdempotentAndItsKeyWorks() async throws {
        try await TestApp.run { api, services in
            let seeder = DemoSeeder(database: services.database, config: services.config)
            let first = try await seeder.seedRestaurant()
            let second = try await seeder.seedRestaurant()
            #expect(first.created)
            #expect(!second.created)
            #expect(first.business.id == second.business.id)
            #expect(first.apiKey == second.apiKey)
            #expect(second.keyUsable)
            let id = first.business.id.uuidString.lowercased()
            let fetched = try await api.call(.get, "/v1/businesses/\(id)", key: first.apiKey)
            #expect(fetched.status == .ok)
            #expect(fetched.body["kind"].string == "restaurant")
            #expect(fetched.body["hours"]["weekly"]["friday"][0]["closes"].string == "00:30")
            #expect(fetched.body["hours"]["weekly"]["monday"].array.isEmpty)
            let overrides = try await api.call(.get, "/v1/businesses/\(id)/date-overrides", key: first.apiKey)
            #expect(overrides.body["date_overrides"][0]["reason"].string == "Christmas Day")
            #expect(try await api.call(.get, "/v1/businesses/\(id)/api-keys", key: first.apiKey).body["api_keys"].array.count == 1)
            let routes = try await api.call(.get, "/v1/businesses/\(id)/retell", key: first.apiKey)
            #expect(routes.body["phone_numbers"].array.compactMap(\.string) == ["+12125550100"])
            #expect(routes.body["agent_ids"].array.compactMap(\.string) == ["agent_demo_bistro"])
        }
    }

    @Test func demoSalonAndGolfCourseBookThroughTheAgent() async throws {
        try await TestApp.run { api, services in
            let results = try await DemoSeeder(database: services.database, config: services.config).seedAll()
            #expect(results.map(\.business.kind) == [.restaurant, .appointments, .teeTimes])
            let again = try await DemoSeeder(database: services.database, config: services.config).seedAll()
            #expect(again.allSatisfy { !$0.created })

            // Golf: two parties share one tee time up to four players; the holes are recorded.
            let golf = api.retell(results[2].business.id.apiString)
            let date = ZonedClock(TimeZone(identifier: "America/Phoenix")!).today(Date()).adding(days: 2).description
            let first = try await golf.call("create_booking", ["date": date, "time": "08:10", "party_size": 3, "name": "Tiger", "holes": "EIGHTEEN"])
            #expect(first.body["booking"]["holes"].string == "EIGHTEEN", "\(first.text)")
            #expect(
                try await golf.call("create_booking", ["date": date, "time": "08:10", "party_size": 2, "name": "Rory"]).body["error"].string
                    == "SLOT_TAKEN")
            #expect(try await golf.call("create_booking", ["date": date, "time": "08:10", "party_size": 1, "name": "Jon"]).body["ok"].bool == true)

            // Salon: a haircut gets a stylist; a service nobody offers is refused with the list.
            let salon = api.retell(results[1].business.id.apiString)
            let london = ZonedClock(TimeZone(identifier: "Europe/London")!)
            var friday = london.today(Date()).adding(days: 2)
            while friday.weekday != .friday { friday = friday.adding(days: 1) }
            let cut = try await salon.call(
                "create_booking", ["date": friday.description, "time": "10:00", "party_size": 1, "name": "Mo", "service": "haircut"])
            #expect(cut.body["booking"]["staff"].string == "Ana", "\(cut.text)")
            // Changing only the notes keeps Ana's 10-minute buffer after the haircut: 10:30 is still hers to refuse.
            let code = try #require(cut.body["booking"]["confirmation_code"].string)
            #expect(try await salon.call("modify_booking", ["confirmation_code": code, "notes": "short back and sides"]).body["ok"].bool == true)
            let tight = try await salon.call(
                "create_booking", ["date": friday.description, "time": "10:30", "party_size": 1, "name": "Zed", "service": "Haircut", "staff": "Ana"])
            #expect(tight.body["error"].string == "SLOT_TAKEN", "\(tight.text)")
            let ben = try await salon.call(
                "create_booking", ["date": friday.description, "time": "10:00", "party_size": 1, "name": "Al", "service": "Haircut", "staff": "Ben"])
            #expect(ben.body["error"].string == "SLOT_TAKEN", "Ben works Friday afternoons only: \(ben.text)")
            let massage = try await salon.call("check_availability", ["date": friday.description, "time": "10:00", "service": "massage"])
            #expect(massage.body["reason"].string == "INVALID_ARGUMENT")
            #expect(massage.body["message"].string?.contains("Haircut") == true)
        }
    }

    /// The console's demo log-in: made once, idempotent, verified, owner of the three demo businesses, and its
    /// browsers stay signed in across a re-seed.
    @Test func theDemoOwnerLogsInToTheDemoBusinesses() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rcp-demo-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await TestApp.run(extra: ["DATA_DIR": dir]) { api, services in
            let seeder = DemoSeeder(database: services.database, config: services.config)
            let businesses = try await seeder.seedAll().map(\.business)
            let owner = try await seeder.seedOwner(of: businesses)
            guard case .signedIn(let signedIn) = try await services.accounts.logIn(email: owner.email, password: owner.password, client: "demo")
            else {
                Issue.record("the demo owner cannot log in")
                return
            }
            #expect(signedIn.account.emailVerified)
            let again = try await seeder.seedOwner(of: businesses)
            #expect(again.password == owner.password, "the password is kept in the data folder")
            #expect(try await services.accounts.session(token: signedIn.token.value) != nil, "a re-seed signs nobody out")
            let owned = try await AccountStore(database: services.database).businesses(of: signedIn.account.id)
            #expect(Set(owned.map(\.businessID)) == Set(businesses.map(\.id)) && owned.allSatisfy { $0.role == .owner })
        }
    }
}
