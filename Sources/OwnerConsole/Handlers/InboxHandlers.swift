import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The messages the agent took (urgent and unhandled first, marked handled with one button) and the calls it
/// answered (outcome, duration, caller, summary; a call's transcript, function calls and bookings).
extension ConsoleController {
    @Sendable func messagesPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            let list = try await messages.list(business.id, limit: 200)
            var extra = try await dailyContext(business, role: role, open: "Messages")
            let zone = business.timezone.timeZone
            extra["messages"] = list.map { m -> [String: Any] in
                var item: [String: Any] = [
                    "id": m.id.uuidString.lowercased(), "body": m.body, "urgent": m.urgent, "handled": m.handledAt != nil,
                    "from": [m.callerName, m.callerPhone].compactMap { $0 }.joined(separator: " · "), "at": Self.localStamp(m.createdAt, zone),
                ]
                item["callLink"] = m.callID.map { Self.path(business, "calls/\(Self.escapePath($0))") } ?? false
                return item
            }
            extra["hasMessages"] = !list.isEmpty
            if let notice = Self.notice(request) { extra["notice"] = notice }
            return try page("messages", title: "Messages", csrf: session.csrfToken, account: session.account, extra: extra).response()
        }
    }

    @Sendable func markHandled(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberForm(request, context) { session, business, _, form in
            guard let id = UUID(uuidString: form["message_id"]),
                try await messages.markHandled(business.id, id: id, audit: .account(session.account.id, "message.handled", business: business.id))
                    != nil
            else { return try notFound(session) }
            return HTMLPage.redirect(Self.path(business, "messages") + "?done=handled")
        }
    }

    @Sendable func callsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            let after: String? = request.uri.queryParameters.get("after").map { String($0) }
            let list = try await calls.list(businessID: business.id, from: nil, to: nil, outcome: nil, after: after, limit: Self.pageSize)
            var extra = try await dailyContext(business, role: role, open: "Calls")
            let zone = business.timezone.timeZone
            extra["calls"] = list.map { call -> [String: Any] in
                var item: [String: Any] = [
                    "link": Self.path(business, "calls/\(Self.escapePath(call.callID))"), "at": Self.localStamp(call.sortKey, zone),
                    "from": call.fromNumber ?? "Unknown caller", "outcome": Self.outcomeWord(call.outcome),
                    "duration": Self.durationWord(call.durationMs),
                ]
                item["summary"] = call.summary ?? false
                item["sentiment"] = call.sentiment ?? false
                return item
            }
            extra["hasCalls"] = !list.isEmpty
            let outcomes = try await calls.outcomes(businessID: business.id, since: Date().addingTimeInterval(-30 * 86400))
            extra["chart"] =
                BarChart(
                    title: "Calls of the last 30 days, by how they ended",
                    bars: outcomes.map { BarChart.Bar(label: Self.outcomeWord($0.outcome), value: $0.calls) },
                    summary: outcomes.map { "\($0.calls) \(Self.outcomeWord($0.outcome).lowercased())" }.joined(separator: ", ")
                        + (outcomes.isEmpty ? "No calls in the last 30 days." : ".")
                ).svg
            if list.count == Self.pageSize, let last = list.last {
                extra["nextPage"] = Self.path(business, "calls") + "?after=" + Self.escapePath(last.callID)
            }
            return try page("calls", title: "Calls", csrf: session.csrfToken, account: session.account, extra: extra).response()
        }
    }

    @Sendable func callPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await memberPage(request, context) { session, business, role in
            guard let callID = context.parameters.get("callID"),
                let detail = try await calls.detail(businessID: business.id, callID: callID.removingPercentEncoding ?? callID)
            else { return try notFound(session) }
            let zone = business.timezone.timeZone
            let clock = ZonedClock(zone)
            var extra = try await dailyContext(business, role: role, open: "Calls")
            let call = detail.call
            var shown: [String: Any] = [
                "at": Self.localStamp(call.sortKey, zone), "from": call.fromNumber ?? "Unknown caller", "outcome": Self.outcomeWord(call.outcome),
                "duration": Self.durationWord(call.durationMs),
            ]
            shown["summary"] = call.summary ?? false
            shown["sentiment"] = call.sentiment ?? false
            shown["transcript"] = call.transcript ?? false
            // Only a web link is offered (a recording link from anywhere else would be a way to smuggle a scheme in).
            shown["recording"] = call.recordingURL.flatMap { $0.hasPrefix("https://") ? $0 : nil } ?? false
            extra["call"] = shown
            extra["tools"] = detail.toolCalls.map { tool -> [String: Any] in
                ["name": tool.name, "arguments": tool.arguments, "answer": tool.response, "ok": tool.ok, "at": Self.localStamp(tool.at, zone)]
            }
            extra["hasTools"] = !detail.toolCalls.isEmpty
            extra["bookings"] = detail.bookings.map { Self.bookingItem($0, clock: clock, base: Self.path(business), now: Date()) }
            extra["hasBookings"] = !detail.bookings.isEmpty
            return try page("call", title: "Call", csrf: session.csrfToken, account: session.account, extra: extra).response()
        }
    }

    static func escapePath(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? ""
    }

    static func localStamp(_ date: Date, _ zone: TimeZone) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: "en_GB"))
        style.timeZone = zone
        return date.formatted(style)
    }

    static func durationWord(_ ms: Int?) -> String {
        guard let ms else { return "–" }
        let seconds = ms / 1000
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }

    static func outcomeWord(_ outcome: String?) -> String {
        guard let outcome else { return "In progress" }
        return outcome.replacingOccurrences(of: "_", with: " ").capitalizingFirstLetter
    }
}
