/// A PATCH field: absent (leave as is), null (clear it) or a new value. Plain optionals cannot tell absent from null.
public enum Tristate<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    /// Applies the patch to a current optional value.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let v): v
        }
    }
}

extension KeyedDecodingContainer {
    func tristate<V: Decodable & Sendable>(_ type: V.Type, forKey key: Key) throws -> Tristate<V> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(V.self, forKey: key))
    }
}
