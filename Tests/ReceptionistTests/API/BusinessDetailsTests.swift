import Domain
import Foundation
import Testing

@testable import HTTPCore

/// Every optional detail declared in `BusinessDetailField.all` works end to end from that one declaration: stored,
/// answered, changed, cleared, refused when malformed, and documented in the three shapes of the contract.
@Suite struct BusinessDetailsTests {
    /// A value each format accepts, and one it refuses.
    static func sample(_ format: BusinessDetailField.Format) -> (good: String, stored: String, bad: String) {
        switch format {
        case .phone: ("+1 (212) 555-0142", "+12125550142", "call us")
        case .email: ("owner@example.com", "owner@example.com", "not an address")
        // Too long as PostgreSQL counts (code points), though short to the eye: an accent that combines is a second one.
        case .text(let max): ("  https://example.com/menu ", "https://example.com/menu", String(repeating: "e\u{301}", count: max / 2 + 1))
        }
    }

    @Test func everyDeclaredDetailIsStoredAnsweredChangedAndDocumented() async throws {
        try await TestApp.run { api, services in
            var create: [String: Any] = ["slug": "details", "name": "Details", "kind": "restaurant", "timezone": "Europe/London"]
            for field in BusinessDetailField.all { create[field.name] = Self.sample(field.format).good }
            let created = try await api.call(.post, "/v1/businesses", key: API.admin, json: create)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.body["business"]["id"].string)
            let key = try #require(created.body["api_key"]["secret"].string)
            for field in BusinessDetailField.all {
                #expect(created.body["business"][field.name].string == Self.sample(field.format).stored, "\(field.name)")
                let read = try await api.call(.get, "/v1/businesses/\(id)", key: key)
                #expect(read.body[field.name].string == Self.sample(field.format).stored, "\(field.name) read back")

                let bad = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: [field.name: Self.sample(field.format).bad])
                #expect(bad.status == .unprocessableContent, "\(field.name): \(bad.text)")
                #expect(bad.body["error"]["field"].string == field.name)

                let cleared = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: [field.name: NSNull()])
                #expect(cleared.status == .ok)
                #expect(cleared.body[field.name].isNull, "\(field.name) cleared")
                #expect(cleared.body.object?.keys.contains(field.name) == true, "an unset detail is still answered, as null")
                let column = try await services.database.count(
                    "SELECT count(*)::int FROM businesses WHERE id = '\(id)' AND \(field.name) IS NULL")
                #expect(column == 1, "\(field.name) cleared in its column")
            }
            let components = services.contract.components
            for op in services.contract.operations
            where op.path == "/v1/businesses" && op.method == .post
                || op.path == "/v1/businesses/{businessID}"
            {
                for field in BusinessDetailField.all {
                    let shapes = [op.body?.schema, op.answers.first { $0.status < 300 }?.schema].compactMap { $0 }
                    for shape in shapes {
                        let resolved = shape.ref.flatMap { components[$0] } ?? shape
                        let answer = resolved.property("business") ?? resolved
                        #expect(answer.property(field.name) != nil, "\(op.method) \(op.path) documents \(field.name)")
                    }
                }
            }
        }
    }
}
