import Foundation
import HTTPCore
import HTTPTypes
import RetellFunctions
import Testing

/// The contract is the one source of routes, document, checks and tool schemas: these tests fail when any of them
/// drifts from the others.
@Suite struct ContractTests {
    @Test func everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        try await TestApp.run { api, services in
            let documented = Set(services.contract.operations.map { "\($0.method) \($0.path)" })
            let served = Set(services.servedRoutes)
            #expect(served.count > 40)
            #expect(served.subtracting(documented).isEmpty, "served but not in the document: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "in the document but not served: \(documented.subtracting(served).sorted())")

            // And the document as served lists exactly those.
            let document = try await api.call(.get, "/openapi.json")
            #expect(document.status == .ok)
            var listed = Set<String>()
            for (path, item) in document.body["paths"].object ?? [:] {
                for method in (item as? [String: Any] ?? [:]).keys { listed.insert("\(method.uppercased()) \(path)") }
            }
            #expect(listed == served)
        }
    }

    @Test func theDocumentIsValidOpenAPI31() async throws {
        try await TestApp.run { api, _ in
            let document = try await api.call(.get, "/openapi.json")
            #expect(document.body["openapi"].string == "3.1.0")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
            try Data(document.text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let python = try #require(
                ProcessInfo.processInfo.environment["TEST_PYTHON"], "run through ./scripts/test (it provides openapi-spec-validator)")
            let (status, text) = try await ChildProcess.run(
                python,
                [
                    "-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')",
                    file.path,
                ])
            #expect(status == 0, "openapi-spec-validator: \(text.suffix(2000))")
            #expect(text.contains("valid"))
        }
    }

    @Test func theReferencePageNeedsNoInternet() async throws {
        try await TestApp.run { api, services in
            let page = try await api.call(.get, "/docs")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            for op in services.contract.operations {
                #expect(page.text.contains("id=\"\(op.id)\""), "\(op.id) missing from /docs")
            }
            // Nothing is fetched from elsewhere: no scripts, stylesheets, fonts or images by URL.
            for needle in ["<script", "<link", "src=", "@import", "url(", "http://", "https://"] {
                #expect(!page.text.contains(needle), "/docs contains \(needle)")
            }
        }
    }

    @Test func theAgentsToolsUseTheDocumentsSchemas() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(slug: "tools-contract")
            let tools = try await api.call(.get, "/v1/businesses/\(id)/retell/tools", key: key)
            let document = try await api.call(.get, "/openapi.json")
            let schemas = document.body["components"]["schemas"]
            #expect(tools.body["tools"].array.count == FunctionCatalog.all.count && FunctionCatalog.all.count == 9)
            for tool in tools.body["tools"].array {
                let name = try #require(tool["name"].string)
                var documented = try #require(schemas["\(name)_arguments"].object, "\(name) has no schema in the document")
                documented["description"] = nil
                #expect(canonical(tool["parameters"].object ?? [:]) == canonical(documented), "\(name)")
                // The document's function route names the same function list.
                let names = document.body["paths"]["/v1/retell/{businessID}/functions/{name}"]["post"]["parameters"].array
                    .first { $0["name"].string == "name" }?["schema"]["enum"].array.compactMap(\.string)
                #expect(names?.contains(name) == true)
            }
        }
    }

    @Test func bodiesAndQueriesAreCheckedAgainstTheContractBeforeAnythingIsWritten() async throws {
        try await TestApp.run { api, _ in
            let (id, key) = try await api.createBusiness(slug: "contract-checks")
            let unknown = try await api.call(
                .post, "/v1/businesses/\(id)/bookings", key: key,
                json: [
                    "date": futureDate(), "time": "10:00", "party_size": 2, "name": "Ada", "colour": "blue",
                ])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.body["error"]["code"].string == "VALIDATION_FAILED")
            #expect(unknown.body["error"]["field"].string == "colour")
            let wrongType = try await api.call(
                .post, "/v1/businesses/\(id)/bookings", key: key,
                json: [
                    "date": futureDate(), "time": "10:00", "party_size": "lots", "name": "Ada",
                ])
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.body["error"]["field"].string == "party_size")
            let before = try await api.call(.get, "/v1/businesses/\(id)", key: key).body["policy"].description
            let nested = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["policy": ["turn_times": [["minutes": "ninety"]]]])
            #expect(nested.status == .unprocessableContent)
            #expect(nested.body["error"]["field"].string == "policy.turn_times[0].minutes")
            let typo = try await api.call(.get, "/v1/businesses/\(id)/bookings?statuss=CONFIRMED", key: key)
            #expect(typo.status == .badRequest)
            #expect(typo.body["error"]["field"].string == "statuss")
            let tooMany = try await api.call(.get, "/v1/businesses/\(id)/bookings?limit=500", key: key)
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.body["error"]["field"].string == "limit")
            // A null for an optional field is "not given", as the handlers read it: past the contract, to the engine.
            let nulls = try await api.call(
                .post, "/v1/businesses/\(id)/bookings", key: key,
                json: [
                    "date": futureDate(), "time": "10:00", "party_size": 2, "name": "Ada", "phone": NSNull(), "notes": NSNull(),
                    "override_capacity": NSNull(),
                ])
            #expect(nulls.status == .conflict, "\(nulls.text)")
            // None of the refused requests wrote anything.
            let list = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key)
            #expect(list.status == .ok)
            #expect(list.body["bookings"].array.isEmpty)
            #expect(try await api.call(.get, "/v1/businesses/\(id)", key: key).body["policy"].description == before)
        }
    }

    @Test func everyBusinessRouteRefusesAnotherBusinesssKeyAndEveryAdminRouteABusinessKey() async throws {
        try await TestApp.run { api, services in
            let a = try await api.createBusiness(slug: "contract-alpha")
            let b = try await api.createBusiness(slug: "contract-bravo")
            var checked = 0
            for op in services.contract.operations where op.access == .businessKey || op.access == .platformKey {
                var path = op.path
                for name in op.pathParameterNames {
                    let value =
                        switch name {
                        case "businessID": b.id
                        case "phone": "%2B14155550100"
                        case "date": "2026-12-25"
                        case "name": "check_availability"
                        default: UUID().uuidString.lowercased()
                        }
                    path = path.replacingOccurrences(of: "{\(name)}", with: value)
                }
                let scoped = op.pathParameterNames.contains("businessID")
                guard op.access == .platformKey || scoped else { continue }
                let response = try await api.call(op.method, path, key: a.key, json: op.body == nil ? nil : [String: Any]())
                if op.access == .platformKey {
                    #expect(response.status == .forbidden, "\(op.method) \(op.path)")
                } else {
                    #expect(response.status == .notFound, "\(op.method) \(op.path): \(response.status)")
                    #expect(response.body["error"]["message"].string == "business not found", "\(op.method) \(op.path)")
                }
                checked += 1
            }
            #expect(checked > 35)
            // Nothing of bravo's changed hands: its own key still sees it whole.
            #expect(try await api.call(.get, "/v1/businesses/\(b.id)", key: b.key).body["name"].string == "Test contract-bravo")
        }
    }

    func canonical(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
