import Domain
import Foundation
import HTTPCore
import Hummingbird
import RetellFunctions
import Storage

/// `GET /v1/businesses/{id}/retell/tools`: the tool definitions and prompt facts to paste into the Retell agent,
/// generated from the same catalog the server validates with, so the two cannot drift.
public struct ToolsController: Sendable {
    let database: Database
    let publicBaseURL: String

    public init(database: Database, publicBaseURL: String) {
        self.database = database
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.toolsOperation, use: tools)
    }

    @Sendable func tools(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.businessID()
        guard let loaded = try await RulesStore(database: database).load(id, from: nil) else { throw APIError.notFound("business") }
        let base = "\(publicBaseURL)/v1/retell/\(id.apiString)/functions"
        let tools: [[String: Any]] = FunctionCatalog.all.map { f in
            [
                "type": "custom", "name": f.name, "description": f.description, "url": "\(base)/\(f.name)", "method": "POST",
                "parameters": f.jsonSchema, "speak_during_execution": f.speakDuringExecution, "speak_after_execution": true,
                "timeout_ms": 10_000, "args_at_root": false,
            ]
        }
        let body: [String: Any] = ["tools": tools, "prompt": Self.prompt(loaded.business, loaded.rules)]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The business's facts and rules for the agent's prompt, in plain sentences.
    static func prompt(_ business: Business, _ rules: BookingRules) -> String {
        var lines = [
            "You answer the phone for \(business.name). Its time zone is \(business.timezone.identifier); every date and time you say or send "
                + "is local to it."
        ]
        var hours: [String] = []
        for day in Weekday.allCases {
            let ranges = rules.schedule.weekly.intervals(on: day)
            hours.append(
                ranges.isEmpty
                    ? "\(day.name.capitalized): closed"
                    : "\(day.name.capitalized): "
                        + ranges.map { "\(Speech.time($0.opens.minutes)) to \(Speech.time($0.closes.minutes))" }.joined(separator: " and "))
        }
        lines.append("Opening hours: " + hours.joined(separator: "; ") + ".")
        let p = rules.policy
        lines.append(
            "Bookings are for \(p.minPartySize) to \(p.maxPartySize) people, at least \(Speech.duration(p.minNoticeMinutes)) ahead, and at "
                + "most \(p.bookingHorizonDays) days ahead."
        )
        if business.kind == .appointments, !rules.services.isEmpty {
            lines.append("Services: " + rules.services.map { "\($0.name) (\($0.durationMinutes) minutes)" }.joined(separator: ", ") + ".")
        }
        lines.append(
            "Never promise a time without check_availability, and never book without create_booking; read the confirmation code back letter "
                + "by letter."
        )
        lines.append("Use the 'today' field of each answer to turn words like 'tomorrow' or 'Friday' into a date; never book a past date.")
        if let transfer = business.transferPhone {
            lines.append(
                "Transfer the caller to \(transfer.e164) when they ask for a person, when an answer says action transfer_call, or when you "
                    + "cannot help."
            )
        } else {
            lines.append("When you cannot help, or an answer says action take_message, take a message with take_message.")
        }
        return lines.joined(separator: "\n")
    }
}
