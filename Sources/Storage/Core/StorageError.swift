import PostgresNIO

/// Database failures in domain terms, so callers map SQLSTATEs once and never read `PSQLError` themselves.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// 23505: a unique constraint refused the row (e.g. the slug is taken).
    case duplicate(constraint: String?)
    /// 23503: the referenced row does not exist.
    case missingReference(constraint: String?)
    /// 23514 / 23502 / 22xxx: the database refused a value the domain should have caught.
    case invalidValue(constraint: String?, message: String)
    /// 40001 / 40P01: retry the transaction.
    case conflict(message: String)
    /// The database cannot be reached or the connection broke.
    case unavailable(message: String)
    /// Anything else from the server: a bug on our side, reported as an internal error.
    case server(sqlState: String, message: String)

    public var description: String {
        switch self {
        case .duplicate(let c): "duplicate value (\(c ?? "unique constraint"))"
        case .missingReference(let c): "missing reference (\(c ?? "foreign key"))"
        case .invalidValue(let c, let m): "invalid value (\(c ?? "-")): \(m)"
        case .conflict(let m): "serialization conflict: \(m)"
        case .unavailable(let m): "database unavailable: \(m)"
        case .server(let s, let m): "database error \(s): \(m)"
        }
    }

    /// Unwraps `PostgresTransactionError` and maps SQLSTATEs; errors that are not the database's pass through unchanged.
    public static func map(_ error: any Error) -> any Error {
        if let tx = error as? PostgresTransactionError {
            if let inner = tx.closureError ?? tx.beginError ?? tx.commitError { return map(inner) }
            return StorageError.unavailable(message: "transaction failed")
        }
        if error is StorageError { return error }
        guard let psql = error as? PSQLError else { return error }
        if psql.code == .server, let info = psql.serverInfo, let state = info[.sqlState] {
            let constraint = info[.constraintName]
            let message = info[.message] ?? "server error"
            switch PostgresError.Code(raw: state) {
            case .uniqueViolation: return StorageError.duplicate(constraint: constraint)
            case .foreignKeyViolation: return StorageError.missingReference(constraint: constraint)
            case .checkViolation, .notNullViolation: return StorageError.invalidValue(constraint: constraint, message: message)
            case .serializationFailure, .deadlockDetected: return StorageError.conflict(message: message)
            case .adminShutdown, .crashShutdown, .cannotConnectNow, .connectionException, .connectionDoesNotExist, .connectionFailure,
                .sqlclientUnableToEstablishSqlconnection, .sqlserverRejectedEstablishmentOfSqlconnection, .tooManyConnections:
                return StorageError.unavailable(message: message)
            default:
                // Class 22, data exceptions (a value out of range, a bad encoding): the domain should have caught it.
                if state.hasPrefix("22") { return StorageError.invalidValue(constraint: constraint, message: message) }
                return StorageError.server(sqlState: state, message: message)
            }
        }
        switch psql.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
            .sslUnsupported, .failedToAddSSLHandler, .queryCancelled:
            return StorageError.unavailable(message: "\(psql.code)")
        default:
            return StorageError.server(sqlState: "client", message: "\(psql.code)")
        }
    }
}
