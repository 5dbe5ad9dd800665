import App
import Foundation
import Testing

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
        }
    }
}
