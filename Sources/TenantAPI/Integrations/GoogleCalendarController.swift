import CalendarSync
import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import Storage

/// Connecting a business's Google Calendar: the consent URL, the OAuth callback page, the status (never a token),
/// the settings (calendar, busy times), the disconnect, and Google's push notifications of the calendar's changes.
public struct GoogleCalendarController: Sendable {
    let connector: CalendarConnector?
    let connections: CalendarConnectionStore
    let businesses: BusinessStore
    let busyTimes: GoogleBusyTimes?
    let watches: CalendarWatchStore

    public init(connector: CalendarConnector?, database: Database, busyTimes: GoogleBusyTimes?) {
        self.connector = connector
        self.watches = CalendarWatchStore(database: database)
        self.connections = CalendarConnectionStore(database: database)
        self.businesses = BusinessStore(database: database)
        self.busyTimes = busyTimes
    }

    /// `business` is the `/v1/businesses/{businessID}` table; `open` the unauthenticated root, where Google returns the admin.
    public func addRoutes(business: RouteTable, open: RouteTable) {
        business.add(Self.connectOperation, use: connect)
        business.add(Self.statusOperation, use: status)
        business.add(Self.updateOperation, use: update)
        business.add(Self.disconnectOperation, use: disconnect)
        open.add(Self.callbackOperation, use: callback)
        open.add(Self.notificationOperation, use: notification)
    }

    /// A push notification: the channel looked up, its secret compared in constant time (against the stored hash) and
    /// Google's resource id checked, then one pull queued (coalesced). Notifications carry no event data: what changed
    /// is read by the pull, so a forged one could at most cause a read, and is refused before that.
    @Sendable func notification(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireConnector()
        let header = { (name: String) in HTTPField.Name(name).flatMap { request.headers[$0] } }
        // `sync` only says a channel is open, and may come before Google's answer to the watch (before the channel is
        // stored): accepted, nothing queued (the watch job queues the first pull itself).
        if header("X-Goog-Resource-State") == "sync" { return Response(status: .noContent) }
        guard let channel = header("X-Goog-Channel-ID"), !channel.isEmpty, channel.utf8.count <= 64,
            let listener = try await watches.listener(channelID: channel)
        else {
            try context.unsignedAllowance?.take()
            throw APIError(.notFound, .notFound, "no open calendar channel has this id")
        }
        let token = header("X-Goog-Channel-Token") ?? ""
        let matches = ConstantTime.equals(CalendarWatchStore.hash(token), listener.tokenHash)
        guard matches, header("X-Goog-Resource-ID") == listener.resourceID else {
            context.logger.warning(
                "calendar notification refused: token or resource id mismatch", metadata: ["business_id": "\(listener.businessID)"])
            try context.unsignedAllowance?.take()
            throw APIError(.forbidden, .forbidden, "the channel's token or resource id does not match")
        }
        try await watches.requestPull(listener.businessID)
        return Response(status: .noContent)
    }

    func requireConnector() throws -> CalendarConnector {
        guard let connector else {
            throw APIError(
                .serviceUnavailable, .notConfigured,
                "Google Calendar is not configured on this server (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)")
        }
        return connector
    }

    struct ConnectResponse: ResponseEncodable {
        var authorizationUrl: String
        var expiresAt: Date
    }

    @Sendable func connect(_ request: Request, context: AppRequestContext) async throws -> ConnectResponse {
        let id = try await businesses.requireExisting(context)
        let (url, expires) = try await requireConnector().start(businessID: id)
        return ConnectResponse(authorizationUrl: url, expiresAt: expires)
    }

    struct StatusResponse: ResponseEncodable {
        var provider = "google"
        var status: String
        var account: String?
        var calendarId: String?
        var busyTimesEnabled: Bool
        var scopes: [String]
        var connectedAt: Date?
        var lastSyncAt: Date?
        var lastError: String?
        var changesFromGoogle: String?
        var lastPullAt: Date?
        var lastPullError: String?
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> StatusResponse {
        let id = try await businesses.requireExisting(context)
        return try await render(id)
    }

    func render(_ id: UUID) async throws -> StatusResponse {
        guard let c = try await connections.get(id) else {
            return StatusResponse(status: "not_connected", busyTimesEnabled: false, scopes: [])
        }
        return StatusResponse(
            status: c.status.rawValue, account: c.accountEmail, calendarId: c.calendarID, busyTimesEnabled: c.busyTimesEnabled,
            scopes: c.scopes.split(separator: " ").map(String.init), connectedAt: c.connectedAt, lastSyncAt: c.lastSyncAt,
            lastError: c.lastError, changesFromGoogle: c.status == .connected ? c.syncMode : nil, lastPullAt: c.lastPullAt,
            lastPullError: c.lastPullError)
    }

    struct SettingsRequest: Decodable {
        var calendarId: String?
        var busyTimesEnabled: Bool?
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> StatusResponse {
        let id = try await businesses.requireExisting(context)
        let body = try await JSONBody.decode(SettingsRequest.self, from: request)
        if let calendar = body.calendarId, calendar.isEmpty || calendar.count > 254 || calendar.contains(where: \.isWhitespace) {
            throw APIError(
                .unprocessableContent, .validationFailed, "calendar_id must be a Google calendar id such as 'primary'", field: "calendar_id")
        }
        guard try await connections.get(id) != nil else { throw APIError(.conflict, .conflict, "connect Google Calendar first") }
        try await connections.updateSettings(
            id, calendarID: body.calendarId, busyTimesEnabled: body.busyTimesEnabled, audit: context.audit("google.settings", business: id))
        busyTimes?.forget(id)
        return try await render(id)
    }

    @Sendable func disconnect(_ request: Request, context: AppRequestContext) async throws -> StatusResponse {
        let id = try await businesses.requireExisting(context)
        try await requireConnector().disconnect(businessID: id, audit: context.audit("google.disconnected", business: id))
        busyTimes?.forget(id)
        return try await render(id)
    }

    /// Google sends the admin's browser here: a small page that says what happened (no JSON, no tokens).
    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let (outcome, returnTo) = await (try requireConnector()).complete(code: q.get("code"), state: q.get("state"), error: q.get("error"))
        // Started from the console: back to its page, which shows the connection as stored (nothing from the URL but the verdict).
        if let returnTo, returnTo.hasPrefix("/console/") {
            let verdict = if case .connected = outcome { "connected" } else { "not_connected" }
            return Response(status: .seeOther, headers: [.location: "\(returnTo)?google=\(verdict)", .cacheControl: "no-store"])
        }
        let (status, title, text): (HTTPResponse.Status, String, String) =
            switch outcome {
            case .connected(_, let account, let backfilled):
                (
                    .ok, "Google Calendar connected",
                    "Bookings will now appear in \(account.map { "the calendar of \($0)" } ?? "your Google Calendar")."
                        + (backfilled > 0 ? " \(backfilled) upcoming booking\(backfilled == 1 ? " is" : "s are") being copied now." : "")
                        + " You can close this page."
                )
            case .refused(let message): (.badRequest, "Google Calendar not connected", message)
            }
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
            <h1>\(Self.escape(title))</h1><p>\(Self.escape(text))</p></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
