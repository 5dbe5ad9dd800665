import Bookings
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The front desk's bookings: filtered, time-ordered pages with a cursor; one booking with its history; and status
/// changes through the lifecycle rules (an illegal one is a 409 naming the allowed ones).
public struct OwnerBookingsController: Sendable {
    let queries: OwnerBookingQueries
    let businesses: BusinessStore
    let bookings: BookingService
    let bookingsDatabase: Database

    public init(database: Database, bookings: BookingService) {
        self.bookingsDatabase = database
        self.queries = OwnerBookingQueries(database: database)
        self.businesses = BusinessStore(database: database)
        self.bookings = bookings
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.listOperation, use: list)
        business.add(Self.createOperation, use: create)
        business.add(Self.showOperation, use: show)
        business.add(Self.updateOperation, use: update)
        business.add(Self.replaceOperation, use: replace)
        business.add(Self.statusOperation, use: setStatus)
        business.add(Self.cancelOperation, use: cancel)
    }

    struct Page: ResponseEncodable {
        var bookings: [OwnerBookingJSON]
        var nextCursor: String?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Page {
        let business = try await loadBusiness(context)
        let q = request.uri.queryParameters
        var filter = BookingFilter()
        if let text = q.get("status") {
            filter.statuses = try text.split(separator: ",").map { part in
                guard let status = BookingStatus(rawValue: part.uppercased()) else {
                    throw APIError(
                        .badRequest, .validationFailed, "status must be PENDING, CONFIRMED, CANCELLED, COMPLETED or NO_SHOW", field: "status")
                }
                return status
            }
        }
        let clock = ZonedClock(business.timezone.timeZone)
        if let from = q.get("from") { filter.from = clock.startOfDay(try Self.queryDate(from, field: "from")) }
        if let to = q.get("to") { filter.to = clock.startOfDay(try Self.queryDate(to, field: "to").adding(days: 1)) }
        if let phone = q.get("phone") {
            do { filter.phone = try PhoneNumber(phone, field: "phone").e164 } catch { throw APIError.parameter(error) }
        }
        filter.name = q.get("name").flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        filter.source = q.get("source")
        filter.callID = q.get("call_id")
        let limit = try request.pageLimit()
        let after = try q.get("cursor").map(Self.decodeCursor)
        let page = try await queries.list(business.id, filter: filter, after: after, limit: limit)
        return Page(
            bookings: page.map { OwnerBookingJSON($0, clock: clock) },
            nextCursor: page.count == limit ? page.last.map(Self.encodeCursor) : nil)
    }

    struct Detail: ResponseEncodable {
        struct Change: Encodable {
            var action: String
            var actorType: String
            var actorId: String?
            var reason: String?
            var at: Date
        }
        var booking: OwnerBookingJSON
        var changes: [Change]
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Detail {
        let business = try await loadBusiness(context)
        guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)),
            let (booking, changes) = try await queries.get(business.id, bookingID: id)
        else { throw APIError.notFound("booking") }
        return Detail(
            booking: OwnerBookingJSON(booking, clock: ZonedClock(business.timezone.timeZone)),
            changes: changes.map { .init(action: $0.action, actorType: $0.actorType, actorId: $0.actorID, reason: $0.reason, at: $0.at) })
    }

    struct StatusRequest: Decodable {
        var status: String
        var reason: String?
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> OwnerBookingJSON {
        let (business, rules) = try await loadWithRules(context)
        guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)) else { throw APIError.notFound("booking") }
        let body = try await JSONBody.decode(StatusRequest.self, from: request)
        guard let status = BookingStatus(rawValue: body.status.uppercased()) else {
            throw APIError(
                .unprocessableContent, .validationFailed, "status must be PENDING, CONFIRMED, CANCELLED, COMPLETED or NO_SHOW", field: "status")
        }
        let clock = ZonedClock(business.timezone.timeZone)
        switch try await bookings.setStatus(
            Tenant(id: business.id, rules: rules), bookingID: id, to: status, reason: body.reason, actor: ownerActor(context))
        {
        case .changed(_, let after): return OwnerBookingJSON(after, clock: clock)
        case .unchanged(let booking): return OwnerBookingJSON(booking, clock: clock)
        case .notFound: throw APIError.notFound("booking")
        case .refused(let refusal): throw Self.refusal(refusal, [], clock: clock)
        case .illegal(let from, let allowed):
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                .conflict, .conflict,
                "a \(from.rawValue) booking cannot become \(status.rawValue)"
                    + (allowed.isEmpty ? "; it is final" : "; allowed now: \(names)"), field: "status")
        }
    }

    /// `DELETE …/bookings/{id}`: a cancellation through the same lifecycle as the status route; nothing is deleted.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> OwnerBookingJSON {
        let (business, rules) = try await loadWithRules(context)
        guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)) else { throw APIError.notFound("booking") }
        let reason = request.uri.queryParameters.get("reason").map { String($0.prefix(500)) }
        let clock = ZonedClock(business.timezone.timeZone)
        switch try await bookings.setStatus(
            Tenant(id: business.id, rules: rules), bookingID: id, to: .cancelled, reason: reason, actor: ownerActor(context))
        {
        case .changed(_, let after): return OwnerBookingJSON(after, clock: clock)
        case .unchanged(let booking): return OwnerBookingJSON(booking, clock: clock)
        case .notFound: throw APIError.notFound("booking")
        case .refused(let refusal): throw Self.refusal(refusal, [], clock: clock)
        case .illegal(let from, _):
            throw APIError(.conflict, .conflict, "a \(from.rawValue) booking cannot be cancelled", field: "status")
        }
    }

    /// A booking's details as the owner writes them: POST creates with them, PUT replaces with them (`source` and
    /// `override_capacity` are POST's alone; the contract refuses them on PUT).
    struct CreateRequest: Decodable {
        var date: String
        var time: String
        var partySize: Int
        var name: String
        var phone: String?
        var email: String?
        var notes: String?
        var service: String?
        var staff: String?
        var source: String?
        var overrideCapacity: Bool?
        var durationMinutes: Int?
        var holes: String?
        var intake: [String: String]?
    }

    /// The details' values checked, each refusal naming its field.
    struct Parsed {
        var date: LocalDate
        var time: LocalTime
        var name: String
        var phone: PhoneNumber?
        var email: String?
    }

    static func parse(_ body: CreateRequest) throws -> Parsed {
        let date = try Self.date(body.date, field: "date")
        let time: LocalTime
        do { time = try LocalTime(parsing: body.time, field: "time") } catch { throw APIError.validation(error) }
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1 ... 100).contains(name.count) else {
            throw APIError(.unprocessableContent, .validationFailed, "name must be 1–100 characters", field: "name")
        }
        var phone: PhoneNumber?
        if let text = body.phone {
            do { phone = try PhoneNumber(text, field: "phone") } catch { throw APIError.validation(error) }
        }
        let email = body.email?.trimmingCharacters(in: .whitespaces)
        if let email {
            do { try Business.validateEmail(email) } catch { throw APIError.validation(error) }
        }
        return Parsed(date: date, time: time, name: name, phone: phone, email: email)
    }

    /// An owner-entered booking goes through the same engine and capacity check as a phone call; `override_capacity`
    /// seats a walk-in in a full slot, recorded as such.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<OwnerBookingJSON> {
        let (business, rules) = try await loadWithRules(context)
        let body = try await JSONBody.decode(CreateRequest.self, from: request)
        let typed = try Self.parse(body)
        let source: BookingSource =
            switch body.source ?? "owner" {
            case "owner": .owner
            case "walk_in": .walkIn
            default: throw APIError(.unprocessableContent, .validationFailed, "source must be owner or walk_in", field: "source")
            }
        let query = SlotQuery(
            partySize: body.partySize, service: body.service, staff: body.staff, round: body.holes, durationMinutes: body.durationMinutes)
        let new = CreateBookingRequest(
            date: typed.date, time: typed.time, query: query, name: typed.name, phone: typed.phone, notes: body.notes, source: source,
            overrideCapacity: body.overrideCapacity ?? false, email: typed.email, intake: body.intake ?? [:])
        let result = try await bookings.create(
            Tenant(id: business.id, rules: rules), request: new, actor: ownerActor(context), idempotency: nil,
            render: { _ in [] })
        guard case .fresh(let outcome, _) = result else { throw APIError(.conflict, .conflict, "the request was replayed") }
        switch outcome {
        case .booked(let booking):
            return EditedResponse(status: .created, response: OwnerBookingJSON(booking, clock: ZonedClock(business.timezone.timeZone)))
        case .refused(let refusal, let alternatives):
            throw Self.refusal(refusal, alternatives, clock: ZonedClock(business.timezone.timeZone))
        default: throw APIError(.conflict, .conflict, "the booking could not be made")
        }
    }

    struct UpdateRequest: Decodable {
        var date: String?
        var time: String?
        var partySize: Int?
        var notes: String?
    }

    /// Moves or edits a booking through the same engine (capacity checked against the others) with its audit row.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> OwnerBookingJSON {
        let (business, rules) = try await loadWithRules(context)
        guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)),
            let (current, _) = try await queries.get(business.id, bookingID: id)
        else { throw APIError.notFound("booking") }
        let body = try await JSONBody.decode(UpdateRequest.self, from: request)
        let date = try body.date.map { try Self.date($0, field: "date") }
        var time: LocalTime?
        if let text = body.time {
            do { time = try LocalTime(parsing: text, field: "time") } catch { throw APIError.validation(error) }
        }
        let change = ModifyBookingRequest(
            code: current.confirmationCode, date: date, time: time, partySize: body.partySize, service: nil, notes: body.notes)
        return try await applied(change, business: business, rules: rules, context: context)
    }

    /// A change run through the engine, its outcome as the answer or the error.
    func applied(
        _ change: ModifyBookingRequest, business: Business, rules: BookingRules, context: AppRequestContext
    ) async throws -> OwnerBookingJSON {
        let clock = ZonedClock(business.timezone.timeZone)
        let result = try await bookings.modify(
            Tenant(id: business.id, rules: rules), request: change, actor: ownerActor(context),
            idempotency: nil, render: { _ in [] })
        guard case .fresh(let outcome, _) = result else { throw APIError(.conflict, .conflict, "the request was replayed") }
        switch outcome {
        case .modified(_, let after): return OwnerBookingJSON(after, clock: clock)
        case .refused(let refusal, let alternatives): throw Self.refusal(refusal, alternatives, clock: clock)
        case .notModifiable(let status):
            throw APIError(.conflict, .conflict, "a \(status.rawValue) booking cannot be changed", field: "status")
        default: throw APIError.notFound("booking")
        }
    }

    /// `PUT`: the booking's details replaced as a whole, through the same engine and audit as any change.
    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> OwnerBookingJSON {
        let (business, rules) = try await loadWithRules(context)
        guard let id = context.parameters.get("bookingID").flatMap(UUID.init(uuidString:)),
            let (current, _) = try await queries.get(business.id, bookingID: id)
        else { throw APIError.notFound("booking") }
        let body = try await JSONBody.decode(CreateRequest.self, from: request)
        let typed = try Self.parse(body)
        // The person's details and answers are replaced (left out: cleared); the booking's service, round and length are kept
        // unless stated (a new service takes its usual length).
        let change = ModifyBookingRequest(
            code: current.confirmationCode, date: typed.date, time: typed.time, partySize: body.partySize, service: body.service,
            notes: nil, round: body.holes, durationMinutes: body.durationMinutes, staff: body.staff, intake: body.intake ?? [:],
            details: .init(name: typed.name, phone: typed.phone, email: typed.email, notes: body.notes))
        return try await applied(change, business: business, rules: rules, context: context)
    }

    /// A refusal: a 422 naming the argument when one is wrong (an unknown service, a length not offered), else a 409 with
    /// its stable code first, then the engine's words and the nearest free times.
    static func refusal(_ refusal: Refusal, _ alternatives: [Slot], clock: ZonedClock) -> APIError {
        if refusal.code == "INVALID_ARGUMENT", let field = refusal.field {
            return APIError(.unprocessableContent, .validationFailed, "\(field): \(refusal.message)", field: field)
        }
        let times = alternatives.prefix(3).map { Speech.isoLocal($0.date, $0.minutes) }.joined(separator: ", ")
        return APIError(.conflict, .conflict, "\(refusal.code): \(refusal.message)" + (times.isEmpty ? "" : "; free nearby: \(times)"), field: "time")
    }

    /// The business and its booking rules in one statement (the rules' load reads the business row anyway).
    /// Ranges of party sizes, notes and reasons are the contract's to check; the handlers check meaning.
    func loadWithRules(_ context: AppRequestContext) async throws -> (Business, BookingRules) {
        guard let loaded = try await RulesStore(database: bookingsDatabase).load(try context.businessID(), from: nil) else {
            throw APIError.notFound("business")
        }
        return (loaded.business, loaded.rules)
    }

    func ownerActor(_ context: AppRequestContext) -> Actor {
        Actor(type: context.principal == .platform ? "platform" : "owner", callID: nil, requestID: context.requestID)
    }

    func loadBusiness(_ context: AppRequestContext) async throws -> Business {
        guard let business = try await businesses.get(try context.businessID()) else { throw APIError.notFound("business") }
        return business
    }

    static func date(_ text: String, field: String) throws -> LocalDate {
        do { return try LocalDate(parsing: text, field: field) } catch { throw APIError.validation(error) }
    }

    /// A date in the query: a 400 naming it when it does not parse.
    static func queryDate(_ text: String, field: String) throws -> LocalDate {
        do { return try LocalDate(parsing: text, field: field) } catch { throw APIError.parameter(error) }
    }

    static func encodeCursor(_ b: Booking) -> String { BookingCursor.encode(b) }

    static func decodeCursor(_ text: String) throws -> (Date, UUID) {
        guard let cursor = BookingCursor.decode(text) else {
            throw APIError(.badRequest, .validationFailed, "cursor is not one this API gave out", field: "cursor")
        }
        return cursor
    }
}
