import Foundation
import HTTPTypes
import Testing

@Suite struct AuthTests {
    @Test func missingOrWrongKeysAre401() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(slug: "auth")
            for header in [nil, "Bearer nope", "Basic \(key)", "Bearer \(key)x", "Bearer rk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
                as [String?]
            {
                var headers = HTTPFields()
                if let header { headers[.authorization] = header }
                let response = try await api.call(.get, "/v1/businesses/\(id)", headers: headers)
                #expect(response.status == .unauthorized, "\(header ?? "no header")")
                #expect(response.body["error"]["code"].string == "UNAUTHENTICATED")
            }
        }
    }

    @Test func keyOfBusinessAOnBusinessBIsNotFound() async throws {
        try await TestApp.run { api, _ in
            let a = try await api.createBusiness(slug: "alpha")
            let b = try await api.createBusiness(slug: "bravo")
            let missing = UUID().uuidString.lowercased()
            let attempts: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/v1/businesses/\(b.id)", nil),
                (.patch, "/v1/businesses/\(b.id)", ["name": "Hijacked"]),
                (.get, "/v1/businesses/\(b.id)/hours", nil),
                (.put, "/v1/businesses/\(b.id)/hours", ["weekly": [:] as [String: Any]]),
                (.get, "/v1/businesses/\(b.id)/date-overrides", nil),
                (.post, "/v1/businesses/\(b.id)/date-overrides", ["date": "2026-12-25", "closed": true]),
                (.get, "/v1/businesses/\(b.id)/api-keys", nil),
                (.post, "/v1/businesses/\(b.id)/api-keys", ["name": "mine now"]),
            ]
            for (method, path, body) in attempts {
                let foreign = try await api.call(method, path, key: a.key, json: body)
                #expect(foreign.status == .notFound, "\(method) \(path)")
                // Exactly as if the business did not exist.
                let absent = try await api.call(method, path.replacingOccurrences(of: b.id, with: missing), key: a.key, json: body)
                #expect(absent.status == .notFound)
                #expect(foreign.body["error"]["message"].string == absent.body["error"]["message"].string)
            }
            let bravo = try await api.call(.get, "/v1/businesses/\(b.id)", key: b.key)
            #expect(bravo.body["name"].string == "Test bravo")
            #expect(try await api.call(.get, "/v1/businesses/\(b.id)/date-overrides", key: b.key).body["date_overrides"].array.isEmpty)
            #expect(try await api.call(.get, "/v1/businesses/\(b.id)/api-keys", key: b.key).body["api_keys"].array.count == 1)
        }
    }

    @Test func onlyThePlatformCreatesBusinesses() async throws {
        try await TestApp.run { api, _ in
            let (_, key) = try await api.createBusiness(slug: "tenant")
            let response = try await api.call(
                .post, "/v1/businesses", key: key, json: ["slug": "other", "name": "O", "kind": "restaurant", "timezone": "UTC"])
            #expect(response.status == .forbidden)
            #expect(response.body["error"]["code"].string == "FORBIDDEN")
            let missing = try await api.call(.get, "/v1/businesses/\(UUID().uuidString)", key: API.admin)
            #expect(missing.status == .notFound)
            let missingKeys = try await api.call(.get, "/v1/businesses/\(UUID().uuidString)/api-keys", key: API.admin)
            #expect(missingKeys.status == .notFound)
        }
    }
}
