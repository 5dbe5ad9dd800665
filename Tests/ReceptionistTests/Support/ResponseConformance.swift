import Foundation
import HTTPCore
import HTTPTypes
import Testing

/// Every answer any test receives is checked against the contract: a documented status with the documented schema, so
/// a response that grows, loses or retypes a field fails the suite until the document says so.
enum ResponseConformance {
    static func check(
        _ contract: APIContract, method: HTTPRequest.Method, path: String, status: HTTPResponse.Status,
        headers: HTTPFields, body: Data
    ) {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let operation = contract.operations.first { $0.method == method && matches($0.path, route) }
        // Every status a known route answers is one its document lists, errors included; unknown routes and methods
        // are the router's 404/405.
        let answers = operation.map(APIContract.documentedAnswers) ?? []
        let documented = answers.first { $0.status == status.code }
        if let operation, documented == nil {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            Issue.record("\(method) \(operation.path) answered \(status.code), which the contract does not list: \(text)")
            return
        }
        // Every error, of a known route or from the router, has the one error shape, unless the route documents another
        // (the OAuth callback's HTML page for the admin's browser).
        if status.code >= 400 {
            if documented == nil || documented?.contentType == "application/json" { checkError(contract, method: method, path: path, body: body) }
            return
        }
        guard let operation, let answer = documented else { return }
        guard let schema = answer.schema, answer.contentType == "application/json" else { return }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            Issue.record("\(method) \(operation.path) \(status.code): the body is not JSON")
            return
        }
        if let v = schema.violation(of: value, components: contract.components) {
            Issue.record("\(method) \(operation.path) \(status.code) breaks its documented schema at '\(v.field)': \(v.message)")
        }
    }

    static func checkError(_ contract: APIContract, method: HTTPRequest.Method, path: String, body: Data) {
        guard let value = try? JSONSerialization.jsonObject(with: body) else {
            Issue.record("\(method) \(path): an error answered without the JSON error body: \(String(decoding: body.prefix(200), as: UTF8.self))")
            return
        }
        if let v = Schema.ref("Error").violation(of: value, components: contract.components) {
            Issue.record("\(method) \(path): the error breaks the Error schema at '\(v.field)': \(v.message)")
        }
    }

    /// `/v1/businesses/{businessID}/bookings` matches `/v1/businesses/3f…/bookings`.
    static func matches(_ template: String, _ path: String) -> Bool {
        let a = template.split(separator: "/"), b = path.split(separator: "/")
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { t, p in t.hasPrefix("{") || t == p }
    }
}
