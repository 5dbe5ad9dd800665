import Foundation
import Hummingbird

/// The console's two cookies: the session's secret, and before log-in the token forms echo back (double submit).
/// Both HttpOnly and SameSite=Lax, and Secure outside development.
struct ConsoleCookies: Sendable {
    static let session = "rc_session"
    static let formToken = "rc_form"
    let secure: Bool

    func session(_ token: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.session, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func formToken(_ token: String) -> Cookie {
        Cookie(name: Self.formToken, value: token, maxAge: 3600, path: "/console", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func expired(_ name: String, path: String = "/") -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}
