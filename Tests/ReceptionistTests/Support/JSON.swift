import Foundation

/// A read-only view over decoded JSON for assertions: `body["error"]["code"].string`.
/// Immutable after parsing, so it may cross tasks in tests.
struct JSON: CustomStringConvertible, @unchecked Sendable {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    init(data: Data) {
        self.value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(nil) }
        return JSON(array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber).map(\.intValue) }
    var bool: Bool? { (value as? NSNumber).map(\.boolValue) }
    var array: [JSON] { (value as? [Any])?.map(JSON.init) ?? [] }
    var object: [String: Any]? { value as? [String: Any] }
    var isNull: Bool { value == nil || value is NSNull }

    var description: String {
        guard let value, JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return "\(value ?? "nil")" }
        return String(decoding: data, as: UTF8.self)
    }
}
