import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage
import Support
import Synchronization

/// `POST /v1/retell/inbound`: Retell asks, as the phone rings, for the variables that personalise the agent.
/// It must answer within 300 ms whatever the database does: past the budget it answers from the business facts
/// cached on earlier calls, and an unknown number gets an empty answer (an error would make Retell drop the call).
public struct InboundController: Sendable {
    let database: Database
    let retellKeys: RetellSignature.Keys
    let facts: BusinessFacts
    /// INBOUND_TIMEOUT_MS: the lookup's share of the 300 ms Retell allows.
    let budget: Duration

    public init(database: Database, retellKeys: [String], facts: BusinessFacts, budget: Duration = .milliseconds(200)) {
        self.database = database
        self.retellKeys = RetellSignature.Keys(retellKeys)
        self.facts = facts
        self.budget = budget
    }

    public func addRoutes(to routes: RouteTable) {
        routes.add(Self.operation, use: inbound)
    }

    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let bytes = try await RetellVerification.verifiedBody(request, keys: retellKeys, limit: 64 * 1024, context: context)
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)))?.object
        guard let body else { throw APIError(.badRequest, .malformedJSON, "the body is not valid JSON") }
        let details = body["call_inbound"]?.object ?? body
        // A value no lookup could match (too long, a NUL) is left out: an error here would drop a live call.
        func identifier(_ name: String) -> String? {
            details[name]?.string.flatMap { try? OutsideText.identifier($0, field: name, max: RetellCallLimits.identifierLength) }
        }
        let to = identifier("to_number")
        let from = identifier("from_number")
        let agent = identifier("agent_id")
        var answer: [String: Any] = [:]
        do {
            let (database, facts) = (database, facts)
            if database.reachability.isKnownDown { throw KnownDown() }
            let found = try await withDeadline(budget) { try await Self.lookup(database, facts: facts, to: to, agent: agent, from: from) }
            if let found { answer = Self.variables(found.business, caller: found.caller) }
        } catch {
            database.reachability.suspect()
            context.logger.warning("inbound lookup past its budget; answering from cache", metadata: ["error": "\(error)"])
            if let known = facts.lastKnown(agentID: agent, toNumber: to) { answer = Self.variables(known, caller: nil) }
        }
        let data = try JSONSerialization.data(withJSONObject: ["call_inbound": answer], options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The database's host refused a connection a moment ago: answer from the cache without trying.
    struct KnownDown: Error {}

    struct Caller: Sendable {
        var name: String?
        var nextBooking: String?
    }

    static func lookup(
        _ database: Database, facts: BusinessFacts, to: String?, agent: String?, from: String?
    ) async throws
        -> (business: RulesStore.Loaded, caller: Caller)?
    {
        guard let loaded = try await facts.routed(agentID: agent, toNumber: to) else { return nil }
        let businessID = loaded.business.id
        var caller = Caller()
        if let from, let phone = try? PhoneNumber(from, field: "from_number") {
            let clock = loaded.rules.clock
            let vault = try database.requireVault()
            let (upcoming, latestName) = try await database.withConnection { session in
                let upcoming = try await BookingSQL.upcoming(
                    businessID: businessID, phone: phone.e164, name: nil, from: Date(), to: nil, limit: 1,
                    in: session)
                guard upcoming.isEmpty else { return (upcoming, String?.none) }
                return (
                    upcoming, try await BookingSQL.latestName(businessID: businessID, phone: phone.e164, in: session)
                )
            }
            if let next = upcoming.first {
                let local = clock.local(next.start)
                caller.name = next.customerName
                caller.nextBooking =
                    "\(Speech.dateTime(local.date, local.minutes, today: clock.today(Date()))), \(next.partySize) "
                    + (next.partySize == 1 ? "person" : "people") + ", confirmation code \(next.confirmationCode)"
            } else {
                caller.name = latestName
            }
        }
        return (loaded, caller)
    }

    /// Retell's dynamic variables: strings only.
    static func variables(_ facts: RulesStore.Loaded, caller: Caller?) -> [String: Any] {
        let schedule = facts.rules.schedule
        let clock = ZonedClock(facts.business.timezone.timeZone)
        let now = clock.local(Date())
        let ranges = schedule.intervals(for: now.date)
        var hours =
            ranges.isEmpty
            ? (schedule.closedReason(for: now.date) ?? "closed today")
            : ranges.map { "\(Speech.time($0.opens.minutes)) to \(Speech.time($0.closes.minutes))" }.joined(separator: " and ")
        // After midnight, last night's late opening is what the caller means by "now".
        let instant = Date()
        if let late = schedule.windows(for: now.date.adding(days: -1)).first(where: { $0.start <= instant && instant < $0.end }) {
            hours = "open now until \(Speech.time(late.closeMinutes)); later today: \(hours)"
        }
        var variables: [String: String] = [
            "business_name": facts.business.name,
            "business_timezone": facts.business.timezone.identifier,
            "current_local_date": now.date.description,
            "current_local_time": LocalTime(minutes: now.minutes).description,
            "current_weekday": Speech.dayName(now.date),
            "hours_today": hours,
            "transfer_number": facts.business.transferPhone?.e164 ?? "",
        ]
        if let name = caller?.name { variables["caller_name"] = name }
        if let next = caller?.nextBooking { variables["caller_next_booking"] = next }
        return ["dynamic_variables": variables, "metadata": ["business_id": facts.business.id.apiString]]
    }
}
