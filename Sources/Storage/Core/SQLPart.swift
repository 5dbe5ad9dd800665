import PostgresNIO

/// A piece of SQL with its values, written like a `PostgresQuery` (`"… = \(value)"`) and spliced into one: so a write
/// that is a statement of its own in one place (an outbox job, an audit row) can join others in another statement
/// (`DatabaseSession.write(together:)`) without its SQL being written twice.
public struct SQLPart: ExpressibleByStringInterpolation {
    enum Piece {
        case literal(String)
        case value((inout PostgresQuery.StringInterpolation) throws -> Void)
    }

    var pieces: [Piece]

    public init(stringLiteral value: String) { pieces = [.literal(value)] }

    public init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    /// Keeps each value as the splice that binds it, so the part's values become the query's parameters in order.
    public struct Interpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) { pieces.reserveCapacity(2 * interpolationCount + 1) }

        public mutating func appendLiteral(_ literal: String) { pieces.append(.literal(literal)) }

        public mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }

        public mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }

        public mutating func appendInterpolation<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) {
            pieces.append(.value { try $0.appendInterpolation(value) })
        }

        public mutating func appendInterpolation<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) {
            pieces.append(.value { try $0.appendInterpolation(value) })
        }

        public mutating func appendInterpolation(unescaped text: String) { pieces.append(.literal(text)) }

        public mutating func appendInterpolation(_ part: SQLPart) { pieces += part.pieces }
    }
}

extension PostgresQuery.StringInterpolation {
    /// Splices a part, its values becoming this query's next parameters.
    public mutating func appendInterpolation(_ part: SQLPart) throws {
        for piece in part.pieces {
            switch piece {
            case .literal(let text): appendLiteral(text)
            case .value(let append): try append(&self)
            }
        }
    }
}

extension DatabaseSession {
    /// Several writes in one statement (one round trip on a transaction a caller waits for), each a data-modifying
    /// `WITH` of it. Only for writes to different rows that need none of each other's effects: a statement's parts all
    /// see the database as it was before it, and two parts must not change the same row.
    public func write(together parts: [SQLPart]) async throws {
        guard parts.count > 1 else {
            if let part = parts.first { try await rows("\(part)") }
            return
        }
        var statement: SQLPart = "WITH "
        for (n, part) in parts.enumerated() {
            statement = "\(statement)\(unescaped: n > 0 ? ", " : "")w\(unescaped: String(n)) AS (\(part))"
        }
        try await rows("\(statement) SELECT 1")
    }
}
