import Domain
import Foundation
import Hummingbird

/// Cross-site request forgery, refused twice over: the form must carry the token this browser was given (the
/// session's, or before log-in the form cookie's), and the request must come from this site (Origin, else Referer).
enum FormGuard {
    struct Refused: Error {}

    static func check(_ request: Request, form: FormBody, expected: String?, publicOrigin: String?) throws {
        guard let expected, !expected.isEmpty, ConstantTime.equals(Array(form["csrf"].utf8), Array(expected.utf8)) else { throw Refused() }
        let host = request.head.authority.map { "://" + $0 }
        let origin =
            request.headers[.origin]
            ?? request.headers[.referer].flatMap { referer in
                URL(string: referer).flatMap { url in url.scheme.map { "\($0)://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")" } }
            }
        guard let origin else { throw Refused() }
        let sameHost = host.map { origin.hasSuffix($0) && (origin.hasPrefix("http://") || origin.hasPrefix("https://")) } ?? false
        guard sameHost || origin == publicOrigin else { throw Refused() }
    }
}
