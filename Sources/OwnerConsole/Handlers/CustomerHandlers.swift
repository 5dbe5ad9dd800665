import Accounts
import Crypto
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Customers: found by name or number, a customer's bookings, and erasure on request after a confirmation step
/// (owners only: erasing is not the host stand's to do).
extension ConsoleController {
    @Sendable func customersPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            let typed: String = request.uri.queryParameters.get("q").map { String($0) } ?? ""
            let query = typed.trimmingCharacters(in: .whitespaces)
            var extra = try await dailyContext(business, role: .owner, open: "Settings")
            extra["q"] = query
            if (2 ... 100).contains(query.count) {
                let found = try await customers.search(business.id, query: query, limit: 50)
                extra["customers"] = found.map { c -> [String: Any] in
                    [
                        "name": c.name ?? "(no name)", "phone": c.phone, "bookings": c.bookings,
                        "last": Self.localStamp(c.lastBookingAt, business.timezone.timeZone),
                        "link": Self.path(business, "customers/\(Self.escapePath(c.phone))"),
                    ]
                }
                extra["searched"] = true
                extra["none"] = found.isEmpty
            } else if !query.isEmpty {
                extra["problem"] = "Type at least 2 letters of a name, or 4 digits of a number."
            }
            if let erased = request.uri.queryParameters.get("erased").flatMap({ Int($0) }) {
                extra["notice"] =
                    "Erased: the customer's name, number, email, notes and answers are gone from \(erased) booking\(erased == 1 ? "" : "s"), "
                    + "their messages and calls."
            }
            return try page("customers", title: "Customers", csrf: session.csrfToken, account: session.account, extra: extra).response()
        }
    }

    /// The customer's number from the path, as stored (E.164); nil when it is not a number.
    static func customerPhone(_ context: AppRequestContext) -> String? {
        let text = (context.parameters.get("phone") ?? "").removingPercentEncoding ?? ""
        return try? PhoneNumber(text, field: "phone").e164
    }

    @Sendable func customerPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            guard let phone = Self.customerPhone(context) else { return try notFound(session) }
            return try await customerPage(session, business, phone: phone, confirming: false).response()
        }
    }

    func customerPage(_ session: AccountStore.Session, _ business: Business, phone: String, confirming: Bool) async throws -> HTMLPage {
        var filter = BookingFilter()
        filter.phone = phone
        let list = try await queries.list(business.id, filter: filter, after: nil, limit: 200)
        let clock = ZonedClock(business.timezone.timeZone)
        var extra = try await dailyContext(business, role: .owner, open: "Settings")
        extra["phone"] = phone
        extra["name"] = list.last?.customerName ?? "(no name)"
        extra["bookings"] = list.map { Self.bookingItem($0, clock: clock, base: Self.path(business), now: Date()) }
        extra["hasBookings"] = !list.isEmpty
        extra["confirming"] = confirming
        extra["eraseAction"] = Self.path(business, "customers/\(Self.escapePath(phone))/erase")
        return try page(
            "customer", title: confirming ? "Erase this customer?" : "Customer", csrf: session.csrfToken, account: session.account, extra: extra)
    }

    /// First a page that says what will go and asks again; only the second, confirmed post erases.
    @Sendable func eraseCustomer(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard let phone = Self.customerPhone(context) else { return try notFound(session) }
            guard form["confirm"] == "yes" else { return try await customerPage(session, business, phone: phone, confirming: true).response() }
            let erased = try await customers.erase(
                business.id, phone: phone, requestedBy: "owner:\(session.account.id.uuidString.lowercased())", key: erasureKey)
            return HTMLPage.redirect(Self.path(business, "customers") + "?erased=\(erased)")
        }
    }
}
