import Accounts
import CalendarSync
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A business's own page: the set-up checklist (each item a link to what is left), its settings, and Google Calendar's
/// connection with connect and disconnect.
extension ConsoleController {
    @Sendable func businessPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            let progress = try await businesses.setupProgress([business.id])[business.id]
            let connection = try await calendars.get(business.id)
            let q = request.uri.queryParameters
            var extra = try await dailyContext(business, role: .owner, open: "Settings")
            extra.merge([
                "kindName": Self.kindName(business.kind),
                "checklist": Self.checklist(business, progress),
                "google": Self.googleState(connection, available: calendar != nil),
                "appointments": business.kind == .appointments,
            ]) { _, new in new }
            if let progress { extra["closures"] = progress.closures }
            if let notice = Self.businessNotice(saved: q.get("saved"), setup: q.get("setup"), google: q.get("google")) {
                extra["notice"] = notice
            }
            if q.get("google") == "not_connected" {
                extra["googleProblem"] =
                    "Google Calendar was not connected: access was not granted, or the link expired. Try again and leave every box ticked."
            }
            return try page(
                "business", title: business.name, csrf: session.csrfToken, account: session.account, extra: extra
            ).response()
        }
    }

    static func businessNotice(saved: String?, setup: String?, google: String?) -> String? {
        if setup == "done" { return "Your business is set up. What is left is below; the phone agent answers once it is connected." }
        if google == "connected" { return "Google Calendar is connected: new bookings appear in it." }
        let names = [
            "hours": "Opening hours", "closures": "Holidays", "rules": "Booking rules", "staff": "Team and services",
            "contact": "Transfers and messages", "google": "Google Calendar settings",
        ]
        return saved.flatMap { names[$0] }.map { "\($0) saved." }
    }

    /// The checklist's items: done or not, each with the page that does it.
    static func checklist(_ business: Business, _ progress: SetupProgress?) -> [[String: Any]] {
        let p = progress
        let base = path(business)
        return [
            ["label": "Opening hours", "done": p?.hours ?? false, "link": base + "/hours"],
            ["label": "Booking rules", "done": p?.rules ?? false, "link": base + "/rules"],
            ["label": "Transfers and messages", "done": p?.transferPhone ?? false, "link": base + "/contact"],
            ["label": "Phone agent", "done": p?.phoneAgent ?? false, "link": base + "/phone-agent"],
            ["label": "Google Calendar", "done": p?.calendar == "connected", "link": base + "#google"],
            ["label": "A test call", "done": p?.testCall ?? false, "link": base + "#test-call"],
        ]
    }

    static func googleState(_ connection: CalendarConnection?, available: Bool) -> [String: Any] {
        var state: [String: Any] = ["available": available]
        guard let connection, connection.status != .disconnected else {
            state["notConnected"] = true
            return state
        }
        state["connected"] = connection.status == .connected
        state["invalid"] = connection.status == .invalid
        state["account"] = connection.accountEmail ?? "your Google account"
        state["calendar"] = connection.calendarID == "primary" ? "the main calendar" : connection.calendarID
        state["calendarID"] = connection.calendarID
        state["busyTimes"] = connection.busyTimesEnabled
        state["lastSync"] = connection.lastSyncAt.map { $0.formatted(date: .abbreviated, time: .shortened) + " UTC" } ?? false
        state["lastError"] = connection.lastError ?? false
        return state
    }

    /// To Google's consent page; Google sends the browser back to this business's page with the verdict.
    @Sendable func connectGoogle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, _ in
            guard let calendar else { return HTMLPage.redirect(Self.path(business) + "?google=not_connected") }
            let (url, _) = try await calendar.start(businessID: business.id, returnTo: Self.path(business))
            return HTMLPage.redirect(url)
        }
    }

    @Sendable func disconnectGoogle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, _ in
            if let calendar {
                try await calendar.disconnect(
                    businessID: business.id, audit: .account(session.account.id, "google.disconnected", business: business.id))
                forgetBusyTimes(business.id)
            }
            return HTMLPage.redirect(Self.path(business) + "?saved=google")
        }
    }
}
