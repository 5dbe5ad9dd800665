import Foundation
import HTTPTypes
import Testing

@Suite struct OnboardingTests {
    nonisolated(unsafe) static let weekly: [String: Any] = [
        "tuesday": [["opens": "17:00", "closes": "22:00"]],
        "friday": [["opens": "18:00", "closes": "02:00"]],
        "saturday": [["opens": "11:30", "closes": "14:30"], ["opens": "18:00", "closes": "24:00"]],
    ]

    @Test func onboardingRoundTrip() async throws {
        try await TestApp.run { api, services in
            let created = try await api.call(
                .post, "/v1/businesses", key: API.admin,
                json: [
                    "slug": "chez-marie", "name": "Chez Marie", "kind": "restaurant", "timezone": "Europe/London",
                    "phone": "+44 20 7946 0958", "transfer_phone": "+442079460959", "email": "owner@chez-marie.example",
                    "policy": ["capacity": 30, "max_party_size": 6, "min_notice_minutes": 30],
                    "hours": ["weekly": Self.weekly],
                ])
            #expect(created.status == .created, "\(created.text)")
            let business = created.body["business"]
            let id = try #require(business["id"].string)
            #expect(business["phone"].string == "+442079460958")
            #expect(business["policy"]["capacity"].int == 30)
            #expect(business["policy"]["max_party_size"].int == 6)
            #expect(business["policy"]["slot_interval_minutes"].int == 15, "defaults fill what was not sent")
            #expect(business["hours"]["weekly"]["friday"][0]["closes"].string == "02:00")
            #expect(business["hours"]["weekly"]["monday"].array.isEmpty)
            let secret = try #require(created.body["api_key"]["secret"].string)
            #expect(secret.hasPrefix(try #require(created.body["api_key"]["prefix"].string)))

            // The business key reads its own business; the secret is never shown again.
            let fetched = try await api.call(.get, "/v1/businesses/\(id)", key: secret)
            #expect(fetched.status == .ok)
            #expect(fetched.body["name"].string == "Chez Marie")
            #expect(fetched.body["hours"]["weekly"]["saturday"].array.count == 2)
            #expect(fetched.body["hours"]["weekly"]["saturday"][1]["closes"].string == "24:00")
            let keys = try await api.call(.get, "/v1/businesses/\(id)/api-keys", key: secret)
            #expect(keys.body["api_keys"].array.count == 1)
            #expect(!keys.text.contains(secret))
            #expect(keys.body["api_keys"][0]["secret"].isNull)

            // PATCH changes only what is sent; null clears.
            let patched = try await api.call(
                .patch, "/v1/businesses/\(id)", key: secret,
                json: [
                    "name": "Chez Marie Bistro", "transfer_phone": NSNull(), "policy": ["slot_interval_minutes": 30],
                ])
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.body["name"].string == "Chez Marie Bistro")
            #expect(patched.body["transfer_phone"].isNull)
            #expect(patched.body["phone"].string == "+442079460958")
            #expect(patched.body["policy"]["slot_interval_minutes"].int == 30)
            #expect(patched.body["policy"]["capacity"].int == 30)

            // Weekly hours replaced as a whole.
            let hours = try await api.call(
                .put, "/v1/businesses/\(id)/hours", key: secret,
                json: [
                    "weekly": ["sunday": [["opens": "22:00", "closes": "03:00"]], "monday": [["opens": "09:00", "closes": "12:00"]]]
                ])
            #expect(hours.status == .ok, "\(hours.text)")
            let readBack = try await api.call(.get, "/v1/businesses/\(id)/hours", key: secret)
            #expect(readBack.body["weekly"]["sunday"][0]["opens"].string == "22:00")
            #expect(readBack.body["weekly"]["friday"].array.isEmpty)

            // Date overrides: closed all day, and special hours.
            let closed = try await api.call(
                .post, "/v1/businesses/\(id)/date-overrides", key: secret,
                json: [
                    "date": "2026-12-25", "closed": true, "reason": "Christmas Day",
                ])
            #expect(closed.status == .created, "\(closed.text)")
            // Each change audited in its transaction, with the key that made it.
            let keyID = keys.body["api_keys"][0]["id"].string ?? "?"
            #expect(
                try await services.database.strings(
                    "SELECT action || ' ' || actor_type || ' ' || coalesce(actor_id, '-') FROM audit_events WHERE business_id = '\(id)' ORDER BY id")
                    == ["business.updated api_key \(keyID)", "hours.replaced api_key \(keyID)", "closure.added api_key \(keyID)"])
            let special = try await api.call(
                .post, "/v1/businesses/\(id)/date-overrides", key: secret,
                json: [
                    "date": "2026-12-31", "hours": [["opens": "19:00", "closes": "01:00"]], "reason": "New Year's Eve",
                ])
            #expect(special.status == .created, "\(special.text)")
            #expect(special.body["closed"].bool == false)
            let again = try await api.call(.post, "/v1/businesses/\(id)/date-overrides", key: secret, json: ["date": "2026-12-25", "closed": true])
            #expect(again.status == .conflict)
            #expect(again.body["error"]["field"].string == "date")
            let list = try await api.call(.get, "/v1/businesses/\(id)/date-overrides?from=2026-12-26", key: secret)
            #expect(list.body["date_overrides"].array.map { $0["date"].string } == ["2026-12-31"])
            let deleted = try await api.call(.delete, "/v1/businesses/\(id)/date-overrides/2026-12-25", key: secret)
            #expect(deleted.status == .noContent)
            let deletedAgain = try await api.call(.delete, "/v1/businesses/\(id)/date-overrides/2026-12-25", key: secret)
            #expect(deletedAgain.status == .notFound)

            // The platform lists businesses; a business key may not.
            let listed = try await api.call(.get, "/v1/businesses", key: API.admin)
            #expect(listed.body["businesses"].array.map { $0["id"].string } == [id])
            #expect(try await api.call(.get, "/v1/businesses", key: secret).status == .forbidden)
        }
    }

    @Test func apiKeysCanBeIssuedAndARevokedKeyFailsAtOnce() async throws {
        try await TestApp.run { api, _ in
            let (id, first) = try await api.createBusiness(slug: "key-test")
            let issued = try await api.call(.post, "/v1/businesses/\(id)/api-keys", key: first, json: ["name": "front desk tablet"])
            #expect(issued.status == .created)
            let second = try #require(issued.body["secret"].string)
            let secondID = try #require(issued.body["id"].string)
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: second).status == .ok)

            let revoked = try await api.call(.delete, "/v1/businesses/\(id)/api-keys/\(secondID)", key: first)
            #expect(revoked.status == .ok)
            #expect(!revoked.body["revoked_at"].isNull)
            let refused = try await api.call(.get, "/v1/businesses/\(id)", key: second)
            #expect(refused.status == .unauthorized)
            #expect(refused.body["error"]["code"].string == "UNAUTHENTICATED")
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: first).status == .ok)
        }
    }

    @Test func paginationWalksEveryBusinessOnce() async throws {
        try await TestApp.run { api, _ in
            var ids: Set<String> = []
            for n in 0 ..< 7 { ids.insert(try await api.createBusiness(slug: "page-\(n)").id) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await api.call(.get, "/v1/businesses?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), key: API.admin)
                #expect(page.status == .ok)
                seen += page.body["businesses"].array.compactMap { $0["id"].string }
                cursor = page.body["next_cursor"].string
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen) == ids)
        }
    }
}

extension OnboardingTests {
    @Test func idsAreLowerCase() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(slug: "lower")
            #expect(id == id.lowercased())
            let keys = try await api.call(.get, "/v1/businesses/\(id)/api-keys", key: key)
            #expect(keys.body["api_keys"][0]["business_id"].string == id)
            // Upper-case ids in paths are accepted too.
            #expect(try await api.call(.get, "/v1/businesses/\(id.uppercased())", key: key).status == .ok)
        }
    }
}
