import Domain
import Foundation
import Hummingbird

/// A submitted form (`application/x-www-form-urlencoded`) as fields; a repeated field keeps its first value, and a
/// body over 64 KiB or of another type is refused before any work.
struct FormBody: Sendable {
    let fields: [String: String]

    static let limit = 64 * 1024

    subscript(_ name: String) -> String { fields[name] ?? "" }

    static func read(_ request: Request) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(.unsupportedMediaType, message: "send the form as application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: limit)
        let fields = parse(String(decoding: buffer.readableBytesView, as: UTF8.self))
        // No browser sends a NUL or a control character from a text box: refused before anything reaches the database.
        if let (name, problem) = fields.lazy.compactMap({ name, value in OutsideText.problem(value).map { (name, $0) } }).first {
            throw HTTPError(.badRequest, message: "\(name) \(problem)")
        }
        return FormBody(fields: fields)
    }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
