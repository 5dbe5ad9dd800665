import Foundation
import Hummingbird

/// The one JSON shape of every error response.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var field: String?
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case code, message, field
            case requestID = "request_id"
        }
    }
    var error: Detail

    static func response(for error: APIError, requestID: String) -> Response {
        let body = ErrorBody(error: .init(code: error.code.rawValue, message: error.message, field: error.field, requestID: requestID))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"INTERNAL","message":"error"}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
