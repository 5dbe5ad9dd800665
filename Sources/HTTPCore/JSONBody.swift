import Domain
import Foundation
import Hummingbird

/// Reads a JSON request body with a size limit and reports problems in the API's terms:
/// 415 not JSON, 413 too large, 400 malformed, 422 a value of the wrong type or missing (naming the field).
public enum JSONBody {
    public static let defaultLimit = 64 * 1024

    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = defaultLimit) async throws -> T {
        var request = request
        let buffer = try await collect(&request, limit: limit)
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    /// The body once its headers pass, collected up to `limit` (413 beyond) and kept in the request, so the contract's
    /// check and the handler's decoding read it once from the network.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        try checkHeaders(request, limit: limit)
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, .payloadTooLarge, "request body exceeds \(limit) bytes")
        }
    }

    /// 415 unless the body is declared JSON, 413 when its declared length is over `limit`.
    private static func checkHeaders(_ request: Request, limit: Int) throws {
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            throw APIError(.unsupportedMediaType, .unsupportedMediaType, "send the body as application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, .payloadTooLarge, "request body exceeds \(limit) bytes")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw translate(error)
        } catch let error as ValidationError {
            throw APIError.validation(error)
        }
    }

    static func translate(_ error: DecodingError) -> APIError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return APIError(.badRequest, .malformedJSON, "the body is not valid JSON")
        case .dataCorrupted(let context):
            return APIError(.unprocessableContent, .validationFailed, context.debugDescription, field: path(context.codingPath))
        case .keyNotFound(let key, let context):
            return APIError(.unprocessableContent, .validationFailed, "is required", field: path(context.codingPath + [key]))
        case .valueNotFound(let type, let context):
            return APIError(.unprocessableContent, .validationFailed, "must be a \(name(of: type)), not null", field: path(context.codingPath))
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return APIError(.unprocessableContent, .validationFailed, "the body must be a JSON object", field: "")
            }
            return APIError(.unprocessableContent, .validationFailed, "must be a \(name(of: type))", field: path(context.codingPath))
        @unknown default:
            return APIError(.badRequest, .malformedJSON, "the body could not be read")
        }
    }

    /// `weekly.monday[0].opens` from a coding path, in the API's snake_case.
    static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                let name = snakeCase(key.stringValue)
                result += result.isEmpty ? name : "." + name
            }
        }
        return result
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default:
            String(describing: type).hasPrefix("Array")
                ? "array" : (String(describing: type).hasPrefix("Dictionary") ? "object" : "value of the right type")
        }
    }
}
