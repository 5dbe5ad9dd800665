import App
import Foundation
import HTTPTypes
import Storage
import Testing

/// Each bad request gets its 4xx, a stable code, the offending field, and writes nothing.
@Suite struct ValidationTests {
    nonisolated(unsafe) static let valid: [String: Any] = ["slug": "bistro", "name": "Bistro", "kind": "restaurant", "timezone": "America/New_York"]

    static func with(_ changes: [String: Any]) -> [String: Any] { valid.merging(changes) { _, new in new } }

    nonisolated(unsafe) static let invalidCreates: [(String, [String: Any], String)] = [
        ("bad timezone", with(["timezone": "America/Springfield"]), "timezone"),
        ("abbreviated timezone", with(["timezone": "EST"]), "timezone"),
        ("bad kind", with(["kind": "bar"]), "kind"),
        ("bad slug", with(["slug": "Bistro!"]), "slug"),
        ("empty name", with(["name": "  "]), "name"),
        ("local phone", with(["phone": "555-0100"]), "phone"),
        ("bad transfer phone", with(["transfer_phone": "+1"]), "transfer_phone"),
        ("bad email", with(["email": "owner-at-bistro"]), "email"),
        ("slot interval", with(["policy": ["slot_interval_minutes": 7]]), "policy.slot_interval_minutes"),
        ("party above capacity", with(["policy": ["capacity": 10, "max_party_size": 12]]), "policy.max_party_size"),
        ("min above max", with(["policy": ["min_party_size": 5, "max_party_size": 2]]), "policy.max_party_size"),
        (
            "overlapping hours",
            with(["hours": ["weekly": ["monday": [["opens": "10:00", "closes": "15:00"], ["opens": "14:00", "closes": "20:00"]]]]]),
            "hours.weekly.monday[1]"
        ),
        (
            "overnight into next day",
            with(["hours": ["weekly": ["friday": [["opens": "18:00", "closes": "03:00"]], "saturday": [["opens": "02:00", "closes": "04:00"]]]]]),
            "hours.weekly.saturday[0]"
        ),
        ("bad time", with(["hours": ["weekly": ["monday": [["opens": "9am", "closes": "15:00"]]]]]), "hours.weekly.monday[0].opens"),
        ("unknown weekday", with(["hours": ["weekly": ["funday": []]]]), "hours.weekly.funday"),
        ("missing field", valid.filter { $0.key != "timezone" }, "timezone"),
        ("wrong type", with(["policy": ["capacity": "forty"]]), "policy.capacity"),
        ("null for required", with(["name": NSNull()]), "name"),
    ]

    func businessCount(_ services: AppServices) async throws -> Int {
        try await services.database.count("SELECT count(*)::int FROM businesses")
    }

    @Test func eachInvalidCreateIs422WithItsFieldAndWritesNothing() async throws {
        try await TestApp.run { api, services in
            for (label, body, field) in Self.invalidCreates {
                let response = try await api.call(.post, "/v1/businesses", key: API.admin, json: body)
                #expect(response.status == .unprocessableContent, "\(label): \(response.text)")
                #expect(response.body["error"]["code"].string == "VALIDATION_FAILED", "\(label)")
                #expect(response.body["error"]["field"].string == field, "\(label): \(response.text)")
                #expect(response.body["error"]["request_id"].string != nil, "\(label)")
            }
            #expect(try await businessCount(services) == 0)
        }
    }

    @Test func malformedTooLargeAndWrongMediaType() async throws {
        try await TestApp.run { api, services in
            let malformed = try await api.call(.post, "/v1/businesses", key: API.admin, raw: "{\"slug\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.body["error"]["code"].string == "MALFORMED_JSON")

            let notObject = try await api.call(.post, "/v1/businesses", key: API.admin, raw: "[1, 2]")
            #expect(notObject.status == .unprocessableContent)

            let form = try await api.call(.post, "/v1/businesses", key: API.admin, raw: "slug=x", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(form.body["error"]["code"].string == "UNSUPPORTED_MEDIA_TYPE")

            let huge = Self.with(["name": String(repeating: "n", count: 70_000)])
            let tooLarge = try await api.call(.post, "/v1/businesses", key: API.admin, json: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.body["error"]["code"].string == "PAYLOAD_TOO_LARGE")

            #expect(try await businessCount(services) == 0)
        }
    }

    @Test func duplicateSlugIs409AndKeepsTheFirst() async throws {
        try await TestApp.run { api, services in
            _ = try await api.createBusiness(slug: "twin")
            let second = try await api.call(.post, "/v1/businesses", key: API.admin, json: Self.with(["slug": "twin"]))
            #expect(second.status == .conflict)
            #expect(second.body["error"]["code"].string == "CONFLICT")
            #expect(second.body["error"]["field"].string == "slug")
            #expect(try await businessCount(services) == 1)
        }
    }

    @Test func invalidPatchAndHoursChangeNothing() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(
                slug: "stable", extra: ["hours": ["weekly": ["monday": [["opens": "09:00", "closes": "17:00"]]]]])
            let before = try await api.call(.get, "/v1/businesses/\(id)", key: key)
            for body: [String: Any] in [
                ["timezone": "Nowhere/Land"], ["name": "ok", "phone": "12"], ["kind": "tee_times"],
                ["policy": ["capacity": NSNull()]], ["policy": ["turn_times": [["minutes": 1]]]],
            ] {
                let response = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: body)
                #expect(response.status == .unprocessableContent, "\(body): \(response.text)")
            }
            let badHours = try await api.call(
                .put, "/v1/businesses/\(id)/hours", key: key,
                json: [
                    "weekly": ["tuesday": [["opens": "09:00", "closes": "17:00"], ["opens": "16:00", "closes": "18:00"]]]
                ])
            #expect(badHours.status == .unprocessableContent)
            #expect(badHours.body["error"]["field"].string == "weekly.tuesday[1]")
            let after = try await api.call(.get, "/v1/businesses/\(id)", key: key)
            #expect(after.text == before.text)
        }
    }
}
