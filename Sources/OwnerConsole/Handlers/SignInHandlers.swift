import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Pages before log-in: log in, sign up, a forgotten password, the emailed links; and log-out.
extension ConsoleController {
    // MARK: pages before log-in

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in
            try page(
                "login", title: "Log in", csrf: token, fields: [Self.emailField(""), Self.passwordField("password", "Password", "current-password")])
        }
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        let email = form["email"]
        switch try await accounts.logIn(email: email, password: form["password"], client: context.remoteAddress ?? "unknown") {
        case .signedIn(let signedIn):
            return sessionStarted(signedIn, then: "/console")
        case .refused:
            return try page(
                "login", title: "Log in", status: .unauthorized, csrf: token,
                problem: "That email and password do not match an account. Check both and try again.",
                fields: [Self.emailField(email), Self.passwordField("password", "Password", "current-password")]
            ).response()
        case .throttled(let wait):
            return try page(
                "login", title: "Log in", status: .tooManyRequests, csrf: token,
                problem: "Too many attempts. Wait \(wait / 60) minutes, or reset your password.",
                fields: [Self.emailField(email), Self.passwordField("password", "Password", "current-password")]
            ).response()
        }
    }

    @Sendable func signupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in try page("signup", title: "Create your account", csrf: token, fields: Self.signupFields()) }
    }

    @Sendable func signup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        let (name, email) = (form["name"], form["email"])
        func again(_ field: String, _ message: String) throws -> Response {
            try page(
                "signup", title: "Create your account", status: .unprocessableContent, csrf: token,
                fields: Self.signupFields(name: name, email: email, error: (field, message))
            ).response()
        }
        do {
            _ = try await accounts.signUp(name: name, email: email, password: form["password"])
        } catch let error as ValidationError {
            return try again(error.field, Self.sentence(error))
        }
        // The same answer whether or not the address had an account (its owner is emailed instead).
        return try notice(
            "Check your inbox",
            "We sent a link to \(email). Open it to confirm your address, then log in to set up your business. It works for 3 days.",
            next: "/console/login", nextLabel: "Log in")
    }

    @Sendable func forgotPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await withFormToken(request) { token in try page("forgot", title: "Reset your password", csrf: token, fields: [Self.emailField("")]) }
    }

    /// The same answer whether or not the address has an account: nobody learns who has one.
    @Sendable func forgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard try checkedFormToken(request, form) != nil else { return refusedForm() }
        _ = try await accounts.requestPasswordReset(email: form["email"])
        return try notice(
            "Check your inbox", "If an account uses that address, a link to set a new password is on its way. It works for an hour.",
            next: "/console/login", nextLabel: "Back to log in")
    }

    @Sendable func resetPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let link = request.uri.queryParameters.get("token") ?? ""
        return try await withFormToken(request) { token in
            try page(
                "reset", title: "Choose a new password", csrf: token, extra: ["token": link],
                fields: [Self.passwordField("password", "New password", "new-password")])
        }
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = try checkedFormToken(request, form) else { return refusedForm() }
        do {
            guard try await accounts.resetPassword(link: form["token"], new: form["password"]) else {
                return try notice(
                    "This link no longer works", "It was used already or is more than an hour old. Ask for a new one.",
                    next: "/console/forgot", nextLabel: "Send a new link")
            }
        } catch let error as ValidationError {
            return try page(
                "reset", title: "Choose a new password", status: .unprocessableContent, csrf: token, extra: ["token": form["token"]],
                fields: [Self.passwordField("password", "New password", "new-password", error: Self.sentence(error))]
            ).response()
        }
        return try notice(
            "Password changed", "You are signed out everywhere. Log in with the new password.", next: "/console/login",
            nextLabel: "Log in")
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let link = request.uri.queryParameters.get("token") ?? ""
        guard let account = try await accounts.verifyEmail(link: link) else {
            return try notice(
                "This link no longer works", "It was used already or has expired. Log in to have a new one sent.",
                next: "/console", nextLabel: "Go to the console")
        }
        return try notice("Email confirmed", "\(account.email) is confirmed.", next: "/console", nextLabel: "Go to the console")
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let token = request.cookies[ConsoleCookies.session]?.value, let session = try await accounts.session(token: token) else {
            return HTMLPage.redirect("/console/login", cookies: [cookies.expired(ConsoleCookies.session)])
        }
        do { try FormGuard.check(request, form: form, expected: session.csrfToken, publicOrigin: publicOrigin) } catch { return refusedForm() }
        if form["everywhere"] == "true" {
            try await accounts.logOutEverywhere(accountID: session.account.id)
        } else {
            try await accounts.logOut(token: token)
        }
        return HTMLPage.redirect("/console/login", cookies: [cookies.expired(ConsoleCookies.session)])
    }
}
