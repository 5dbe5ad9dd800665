import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The account's own page: password, email, signing out everywhere.
extension ConsoleController {
    @Sendable func accountPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        return try accountPage(session).response()
    }

    func accountPage(
        _ session: AccountStore.Session, status: HTTPResponse.Status = .ok, notice: String? = nil,
        passwordError: (String, String)? = nil, emailError: (String, String)? = nil, newEmail: String = ""
    ) throws -> HTMLPage {
        func message(_ error: (String, String)?, _ field: String) -> String? { error?.0 == field ? error?.1 : nil }
        var extra: [String: Any] = [
            "email": session.account.email,
            "passwordFields": [
                Self.passwordField("current_password", "Current password", "current-password", error: message(passwordError, "current_password")),
                Self.passwordField("new_password", "New password", "new-password", error: message(passwordError, "new_password")),
            ],
            "emailFields": [
                Self.field("new_email", "New email", type: "email", value: newEmail, autocomplete: "email", error: message(emailError, "new_email")),
                Self.passwordField("email_password", "Your password", "current-password", error: message(emailError, "email_password")),
            ],
        ]
        if let notice { extra["notice"] = notice }
        return try page("account", title: "Your account", status: status, csrf: session.csrfToken, account: session.account, extra: extra)
    }

    /// A new password after the current one; every session ends, and this browser is signed in again at once.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        do {
            guard try await accounts.changePassword(accountID: session.account.id, current: form["current_password"], new: form["new_password"])
            else {
                return try accountPage(
                    session, status: .unprocessableContent,
                    passwordError: ("current_password", "That is not your current password.")
                ).response()
            }
        } catch let error as ValidationError {
            return try accountPage(session, status: .unprocessableContent, passwordError: ("new_password", Self.sentence(error))).response()
        }
        return sessionStarted(try await accounts.openSession(for: session.account), then: "/console/account")
    }

    /// A link to the new address; it becomes the account's when the link is opened.
    @Sendable func changeEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        do {
            guard try await accounts.requestEmailChange(accountID: session.account.id, password: form["email_password"], newEmail: form["new_email"])
            else {
                return try accountPage(
                    session, status: .unprocessableContent, emailError: ("email_password", "That is not your password."),
                    newEmail: form["new_email"]
                ).response()
            }
        } catch let error as ValidationError {
            return try accountPage(
                session, status: .unprocessableContent, emailError: ("new_email", Self.sentence(error)),
                newEmail: form["new_email"]
            ).response()
        }
        return try accountPage(session, notice: "A link is on its way to \(form["new_email"]). Your address changes when you open it.").response()
    }
}
