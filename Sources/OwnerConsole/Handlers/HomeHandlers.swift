import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The console's home: the account's businesses with what is left to set up; and the platform admin's list of all.
extension ConsoleController {
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        let memberships = try await businesses.memberships(of: session.account.id, admin: false)
        var extra = try await cards(memberships)
        extra["verified"] = session.account.emailVerified
        extra["email"] = session.account.email
        extra["admin"] = session.account.platformAdmin
        if request.uri.queryParameters.get("joined") != nil { extra["notice"] = "You joined the team." }
        return try page("home", title: "Your businesses", csrf: session.csrfToken, account: session.account, extra: extra).response()
    }

    /// Every business on the platform, for a platform admin (anyone else: not found).
    @Sendable func adminPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = try await signedIn(request) else { return HTMLPage.redirect("/console/login") }
        guard session.account.platformAdmin else { return try notFound(session) }
        let extra = try await cards(try await businesses.memberships(of: session.account.id, admin: true))
        return try page("admin", title: "Every business", csrf: session.csrfToken, account: session.account, extra: extra).response()
    }

    /// A card per business, with its checklist's count, in two queries whatever the number of businesses.
    func cards(_ memberships: [(business: Business, role: AccountRole)]) async throws -> [String: Any] {
        let progress = try await businesses.setupProgress(memberships.map(\.business.id))
        let items = memberships.map { business, role -> [String: Any] in
            let list = Self.checklist(business, progress[business.id])
            let done = list.filter { $0["done"] as? Bool == true }.count
            var card: [String: Any] = [
                "name": business.name, "kind": Self.kindName(business.kind), "role": role == .owner ? "Owner" : "Staff",
                "progress": "\(done) of \(list.count) set-up steps done",
            ]
            card["link"] = role == .owner ? Self.path(business) : Self.path(business, "today")
            return card
        }
        return ["businesses": items, "hasBusinesses": !items.isEmpty]
    }
}
