import Foundation
import HTTPCore
import HTTPTypes
import Testing

/// Every answer any test receives is checked against the contract: a documented status with the documented schema, so
/// a response that grows, loses or retypes a field fails the suite until the document says so.
enum ResponseConformance {
    static func check(_ contract: APIContract, method: HTTPRequest.Method, path: String, status: HTTPResponse.Status,
                      headers: HTTPFields, body: Data) {
        // Every error, of a known route or from the router (404/405), has the one error shape.
        if status.code >= 400 {
            checkError(contract, method: method, path: path, body: body)
            return
        }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard let operation = contract.operations.first(where: { $0.method == method && matches($0.path, route) }) else { return }
        guard let answer = operation.answers.first(where: { $0.status == status.code }) else {
            Issue.record("\(method) \(operation.path) answered \(status.code), which the contract does not list")
            return
        }
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
        guard !body.isEmpty, let value = try? JSONSerialization.jsonObject(with: body) else { return }
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
