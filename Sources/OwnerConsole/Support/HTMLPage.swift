import HTTPTypes
import Hummingbird

/// An HTML answer with the console's security headers: a strict policy (no inline script or style, nothing from
/// elsewhere, no framing), no referrer beyond the origin, no sniffing, and no caching of pages that show a person's data.
struct HTMLPage: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var html: String
    var cookies: [Cookie] = []

    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

    func response(from request: Request, context: some RequestContext) throws -> Response { response() }

    func response() -> Response {
        var response = Response(
            status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    static func headers(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentSecurityPolicy] = policy
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[.cacheControl] = "no-store"
        return headers
    }

    /// 303 to `location` (after a form: the browser follows with a GET), with cookies set or cleared.
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var headers = headers(contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        var response = Response(status: .seeOther, headers: headers)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
