import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A business's team: members and their roles, invitations by email, and accepting one.
extension ConsoleController {
    @Sendable func teamPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            // Only a flag comes from the URL: the page's words are its own (no text from a link is shown as ours).
            let sent = request.uri.queryParameters.get("sent") == "1"
            return try await teamPage(session, business, notice: sent ? "The invitation is on its way; it is listed here until accepted." : nil)
                .response()
        }
    }

    func teamPage(
        _ session: AccountStore.Session, _ business: Business, status: HTTPResponse.Status = .ok, notice: String? = nil,
        email: String = "", error: String? = nil, problem: String? = nil
    ) async throws -> HTMLPage {
        let members = try await team.members(business.id)
        let invites = try await team.pendingInvites(business.id)
        var extra = try await dailyContext(business, role: .owner, open: "Settings")
        extra.merge([
            "members": members.map { member -> [String: Any] in
                [
                    "id": member.accountID.uuidString.lowercased(), "name": member.name, "email": member.email,
                    "role": Self.roleName(member.role), "isOwner": member.role == .owner, "isYou": member.accountID == session.account.id,
                ]
            },
            "invites": invites.map { ["id": $0.id.uuidString.lowercased(), "email": $0.email, "role": Self.roleName($0.role)] },
            "hasInvites": !invites.isEmpty,
            "emailField": Self.field("email", "Their email", type: "email", value: email, autocomplete: "", error: error),
        ]) { _, new in new }
        if let notice { extra["notice"] = notice }
        return try page(
            "team", title: "Team", status: status, csrf: session.csrfToken, account: session.account, problem: problem, extra: extra)
    }

    static func roleName(_ role: AccountRole) -> String {
        role == .owner ? "Owner (everything)" : "Staff (day sheet, bookings, messages)"
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard let role = AccountRole(rawValue: form["role"]) else {
                return try await teamPage(session, business, status: .unprocessableContent, email: form["email"], problem: "Choose a role.")
                    .response()
            }
            let email: String
            do {
                email = try AccountRules.email(form["email"], field: "email")
            } catch {
                return try await teamPage(
                    session, business, status: .unprocessableContent, email: form["email"], error: "Enter an email address, such as sam@example.com."
                ).response()
            }
            _ = try await team.invite(business.id, email: email, role: role, by: session.account.id)
            return HTMLPage.redirect(Self.path(business, "team") + "?sent=1")
        }
    }

    /// A member's role changed, or the member removed; the last owner stays.
    @Sendable func changeMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard let member = UUID(uuidString: form["account_id"]) else { return try notFound(session) }
            let role: AccountRole? = form["role"] == "remove" ? nil : AccountRole(rawValue: form["role"])
            guard role != nil || form["role"] == "remove" else { return try notFound(session) }
            do {
                try await team.change(member, businessID: business.id, to: role, by: session.account.id)
            } catch TeamStore.Refusal.lastOwner {
                return try await teamPage(
                    session, business, status: .conflict,
                    problem: "A business needs at least one owner. Make someone else an owner first."
                ).response()
            } catch TeamStore.Refusal.notMember {
                return try notFound(session)
            }
            // Someone who removed themselves has nothing more to see here.
            return HTMLPage.redirect(member == session.account.id && role != .owner ? "/console" : Self.path(business, "team"))
        }
    }

    @Sendable func revokeInvite(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            if let id = UUID(uuidString: form["invite_id"]) { _ = try await team.revokeInvite(id, businessID: business.id, by: session.account.id) }
            return HTMLPage.redirect(Self.path(business, "team"))
        }
    }

    /// The emailed link: who invites you to what, and a button to accept (a GET never changes anything).
    @Sendable func invitePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.uri.queryParameters.get("token") ?? ""
        guard let (invite, name, _) = try await team.pendingInvite(digest: SecretToken(value: token).digest) else {
            return try notice(
                "This invitation no longer works", "It was used already, withdrawn, or is more than a week old. Ask for a new one.",
                next: "/console", nextLabel: "Go to the console")
        }
        guard let session = try await signedIn(request) else {
            return try notice(
                "Join \(name)",
                "You are invited to join \(name)'s team as \(Self.roleName(invite.role).lowercased()). Log in, or create an account with "
                    + "\(invite.email), then open the link in the email again.",
                next: "/console/login", nextLabel: "Log in")
        }
        return try page(
            "invite", title: "Join \(name)", csrf: session.csrfToken, account: session.account,
            extra: ["business": name, "role": Self.roleName(invite.role), "token": token, "email": invite.email]
        ).response()
    }

    @Sendable func acceptInvite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (form, session, refusal) = try await signedInForm(request)
        guard let form, let session else { return refusal }
        guard try await team.accept(digest: SecretToken(value: form["token"]).digest, accountID: session.account.id) != nil else {
            return try notice(
                "This invitation no longer works", "It was used already, withdrawn, or is more than a week old. Ask for a new one.",
                next: "/console", nextLabel: "Go to the console")
        }
        return HTMLPage.redirect("/console?joined=1")
    }
}
