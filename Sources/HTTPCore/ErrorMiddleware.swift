import Domain
import Hummingbird
import Logging
import Storage
import Support

/// Turns every thrown error into the one error shape; anything unexpected becomes a logged 500 that reveals nothing.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.translate(error, logger: context.taggedLogger)
            var response = ErrorBody.response(for: apiError, requestID: context.requestID)
            if let seconds = apiError.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    /// The mapping from internal failures to what a client may see.
    public static func translate(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return .validation(error)
        case is DeadlineExceeded:
            logger.warning("database deadline exceeded")
            return APIError(.serviceUnavailable, .databaseUnavailable, "the database is not answering; try again shortly")
        case let error as StorageError:
            switch error {
            case .unavailable:
                logger.warning("database unavailable", metadata: ["error": "\(error)"])
                return APIError(.serviceUnavailable, .databaseUnavailable, "the database is not answering; try again shortly")
            case .duplicate:
                return APIError(.conflict, .conflict, "a resource with these values already exists")
            case .conflict:
                return APIError(.conflict, .conflict, "the resource changed concurrently; retry the request")
            default:
                logger.error("database error", metadata: ["error": "\(error)"])
                return APIError(.internalServerError, .internal, "internal error")
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: return APIError(.notFound, .notFound, "no such route")
            case .methodNotAllowed: return APIError(.methodNotAllowed, .methodNotAllowed, "method not allowed on this route")
            case .contentTooLarge: return APIError(.contentTooLarge, .payloadTooLarge, "request body too large")
            case .unsupportedMediaType: return APIError(.unsupportedMediaType, .unsupportedMediaType, error.body ?? "unsupported media type")
            case .unauthorized: return .unauthenticated
            case .badRequest: return APIError(.badRequest, .malformedJSON, error.body ?? "bad request")
            default:
                if error.status.code < 500 { return APIError(error.status, .validationFailed, error.body ?? error.status.reasonPhrase) }
                logger.error("http error", metadata: ["error": "\(error)"])
                return APIError(.internalServerError, .internal, "internal error")
            }
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, .internal, "internal error")
        }
    }
}
