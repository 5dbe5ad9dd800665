import Domain
import Foundation
import Workers

/// One event as events.list returns it, reduced to what two-way sync reads: its id, whether it is cancelled, its
/// times, and the booking our private property names (absent on the owner's own events and on bare cancellations).
public struct GoogleEventItem: Sendable, Equatable {
    public var id: String
    public var cancelled: Bool
    public var start: Date?
    public var end: Date?
    public var bookingID: UUID?
    public var businessID: UUID?
    /// Blocks time (`transparency` absent or `opaque`); a "free" event does not.
    public var busy: Bool = true
    /// When the event last changed, by Google's clock.
    public var updated: Date?

    /// Reads one item; nil without an id (Google guarantees at least that, even for a deleted event).
    static func parse(_ item: [String: Any]) -> GoogleEventItem? {
        guard let id = item["id"] as? String, !id.isEmpty else { return nil }
        let own = ((item["extendedProperties"] as? [String: Any])?["private"] as? [String: Any]) ?? [:]
        return GoogleEventItem(
            id: id, cancelled: (item["status"] as? String) == "cancelled", start: instant(item["start"]), end: instant(item["end"]),
            bookingID: (own["bookingId"] as? String).flatMap(UUID.init(uuidString:)),
            businessID: (own["businessId"] as? String).flatMap(UUID.init(uuidString:)), busy: (item["transparency"] as? String) != "transparent",
            updated: (item["updated"] as? String).flatMap(rfc3339))
    }

    /// A timed event's `dateTime` (RFC 3339 with an offset); an all-day `date` has no instant.
    static func instant(_ value: Any?) -> Date? {
        ((value as? [String: Any])?["dateTime"] as? String).flatMap(rfc3339)
    }

    /// RFC 3339, with or without fractional seconds (Google writes `updated` with milliseconds).
    static func rfc3339(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

/// One page of events.list: its items, then either the next page's token or, on the last page, the next sync token.
public struct GoogleEventPage: Sendable {
    public var items: [GoogleEventItem]
    public var nextPageToken: String?
    public var nextSyncToken: String?
}

/// A push channel as events.watch answered it.
public struct GoogleChannel: Sendable, Equatable {
    public var id: String
    public var resourceID: String
    public var expires: Date
}

extension GoogleClient {
    /// One page of the calendar's events. A full sync (no sync token) starts at `since`; an incremental one may not
    /// carry it (Google answers 400), and must otherwise repeat the full sync's parameters, so both send the same.
    /// 410 (the token expired) surfaces as `GoogleFailure.gone`: the caller starts a full sync.
    public func listEvents(
        accessToken: String, calendarID: String, syncToken: String?, pageToken: String?, since: Date?, pageSize: Int = 250
    ) async throws -> GoogleEventPage {
        var fields = [("showDeleted", "true"), ("singleEvents", "true"), ("maxResults", String(pageSize))]
        if let syncToken {
            fields.append(("syncToken", syncToken))
        } else if let since {
            fields.append(("timeMin", ISO8601DateFormatter().string(from: since)))
        }
        if let pageToken { fields.append(("pageToken", pageToken)) }
        let url = "\(configuration.apiBaseURL)/calendar/v3/calendars/\(FormEncoding.escape(calendarID))/events?" + FormEncoding.encode(fields)
        let json = try await send(.GET, url, bearer: accessToken)
        let items = (json["items"] as? [[String: Any]] ?? []).compactMap(GoogleEventItem.parse)
        let next = json["nextPageToken"] as? String, sync = json["nextSyncToken"] as? String
        guard next != nil || sync != nil else { throw GoogleFailure(.transient, "events.list answered neither a next page nor a sync token") }
        return GoogleEventPage(items: items, nextPageToken: next, nextSyncToken: sync)
    }

    /// Opens a push channel on the calendar's events: Google posts to `address` with `token` echoed on every change.
    public func watch(accessToken: String, calendarID: String, channelID: String, address: String, token: String) async throws -> GoogleChannel {
        let body: [String: Any] = ["id": channelID, "type": "web_hook", "address": address, "token": token]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        let url = "\(configuration.apiBaseURL)/calendar/v3/calendars/\(FormEncoding.escape(calendarID))/events/watch"
        let json = try await send(.POST, url, bearer: accessToken, json: data)
        guard let id = json["id"] as? String, let resource = json["resourceId"] as? String else {
            throw GoogleFailure(.transient, "events.watch answered without a channel id or resource id")
        }
        // Unix milliseconds as a string; a missing or odd value is taken as Google's default week.
        let millis = (json["expiration"] as? String).flatMap(Double.init) ?? (json["expiration"] as? NSNumber)?.doubleValue
        let expires = millis.map { Date(timeIntervalSince1970: $0 / 1000) } ?? Date().addingTimeInterval(7 * 86_400)
        return GoogleChannel(id: id, resourceID: resource, expires: expires)
    }

    /// Stops a channel (404: already gone, which is what was wanted).
    public func stopChannel(accessToken: String, channelID: String, resourceID: String) async throws {
        let data = (try? JSONSerialization.data(withJSONObject: ["id": channelID, "resourceId": resourceID], options: [.sortedKeys])) ?? Data()
        do {
            _ = try await send(.POST, "\(configuration.apiBaseURL)/calendar/v3/channels/stop", bearer: accessToken, json: data)
        } catch let failure as GoogleFailure where failure.kind == .notFound {}
    }
}
