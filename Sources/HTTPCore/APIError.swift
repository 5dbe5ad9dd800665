import Domain
import Foundation
import Hummingbird

/// Stable machine-readable error codes; clients switch on these, so they never change meaning.
public enum ErrorCode: String, Sendable {
    case malformedJSON = "MALFORMED_JSON"
    case validationFailed = "VALIDATION_FAILED"
    case unauthenticated = "UNAUTHENTICATED"
    case forbidden = "FORBIDDEN"
    case notFound = "NOT_FOUND"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case conflict = "CONFLICT"
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case rateLimited = "RATE_LIMITED"
    case notConfigured = "NOT_CONFIGURED"
    /// An outside provider (Retell) refused or did not answer.
    case providerError = "PROVIDER_ERROR"
    case databaseUnavailable = "DATABASE_UNAVAILABLE"
    case `internal` = "INTERNAL"
}

/// Every failure the API reports, rendered by `ErrorMiddleware` as `{"error": {code, message, field?, request_id}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: ErrorCode
    public var message: String
    public var field: String?
    /// Seconds for a `Retry-After` header (rate limits).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: ErrorCode, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public static func notFound(_ what: String = "resource") -> APIError {
        APIError(.notFound, .notFound, "\(what) not found")
    }

    public static let unauthenticated = APIError(
        .unauthorized, .unauthenticated, "a valid API key is required: send 'Authorization: Bearer <key>'")

    public static func validation(_ error: ValidationError) -> APIError {
        APIError(.unprocessableContent, .validationFailed, error.message, field: error.field)
    }

    /// A query or path parameter that does not parse: 400 naming it (a body's field is a 422).
    public static func parameter(_ error: ValidationError) -> APIError {
        APIError(.badRequest, .validationFailed, error.message, field: error.field)
    }
}
