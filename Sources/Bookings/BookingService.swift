import Domain
import Foundation
import Logging
import PostgresNIO
import Storage

/// The booking use cases: read availability, and create / modify / cancel atomically under the business's lock,
/// each mutation writing its booking, its audit row, its outbox jobs and its idempotent answer in one transaction.
public struct BookingService: Sendable {
    let database: Database
    /// Injectable so tests can pin "now".
    let clock: @Sendable () -> Date
    /// The owner's own calendar (appointments, when enabled); nil answers from Postgres alone.
    let busyTimes: (any ExternalBusyTimes)?

    public init(database: Database, busyTimes: (any ExternalBusyTimes)? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.busyTimes = busyTimes
        self.clock = clock
    }

    public var now: Date { clock() }

    /// Renders an outcome into the bytes the caller gets (and a replay gets again).
    public typealias Render = @Sendable (BookingOutcome) throws -> [UInt8]

    // MARK: Reading

    /// The requested time's slot, or the refusal with the nearest alternatives.
    public func check(
        _ tenant: Tenant, date: LocalDate, time: LocalTime, query: SlotQuery,
        timeout: Database.Timeout = .standard
    ) async throws -> Result<Slot, RefusalWithAlternatives> {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let engine = BookingEngine(rules: rules)
        let now = self.now
        let (live, outside) = try await liveAndOutside(rules, businessID, around: date, timeout: timeout)
        let existing = live + outside
        switch engine.check(date: date, time: time, query: query, existing: existing, now: now) {
        case .success(let slot): return .success(slot)
        case .failure(let refusal):
            guard Self.offersAlternatives(refusal) else { return .failure(RefusalWithAlternatives(refusal: refusal, alternatives: [])) }
            // The bookings already read cover the asked day whole: when it has enough free times nearby, the answer
            // is the same as from the wider read, which only the following days need.
            let sameDay = engine.alternatives(date: date, near: time, query: query, existing: existing, now: now, daysAhead: 0)
            if sameDay.count >= BookingEngine.alternativesOffered {
                return .failure(RefusalWithAlternatives(refusal: refusal, alternatives: sameDay))
            }
            let wider = try await liveBookings(businessID, around: date, days: 8, rules: rules, timeout: timeout) + outside
            let alternatives = engine.alternatives(date: date, near: time, query: query, existing: wider, now: now)
            return .failure(RefusalWithAlternatives(refusal: refusal, alternatives: alternatives))
        }
    }

    /// Free starts on a date between two wall times (a part of day), plus the next days' when that day has none.
    public func freeSlots(
        _ tenant: Tenant, date: LocalDate, between: Range<Int>?, query: SlotQuery,
        timeout: Database.Timeout = .standard
    ) async throws -> [Slot] {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let engine = BookingEngine(rules: rules)
        let (live, outside) = try await liveAndOutside(rules, businessID, around: date, timeout: timeout)
        let existing = live + outside
        return engine.freeSlots(on: date, query: query, existing: existing, now: now)
            .filter { slot in between.map { $0.contains(slot.minutes) } ?? true }
    }

    public struct RefusalWithAlternatives: Error, Sendable {
        public var refusal: Refusal
        public var alternatives: [Slot]
    }

    /// Whether offering other times makes sense (not for a party that is too large anywhere, an unknown service, …).
    static func offersAlternatives(_ refusal: Refusal) -> Bool {
        switch refusal {
        case .slotTaken, .closed, .outsideHours, .timeSkippedByClockChange, .notOnSlotGrid, .tooSoon, .inThePast: true
        default: false
        }
    }

    // MARK: Mutations

    public func create(
        _ tenant: Tenant, request: CreateBookingRequest, actor: Actor,
        idempotency: IdempotencyKey?, timeout: Database.Timeout = .standard, render: @escaping Render
    ) async throws -> MutationResult {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let now = self.now
        // A place taken from a waitlist offer by text cannot ask the intake questions: they stay for the owner to fill.
        let intake = try IntakeRules.answers(
            request.intake, to: rules.policy.intakeQuestions, requireAll: request.source == .phone && request.claimsOffer == nil)
        // Fetched before the transaction: no network call ever runs while the business's lock is held.
        let outside = await externalBusy(rules, businessID, request.date)
        return try await mutate(businessID: businessID, idempotency: idempotency, timeout: timeout, lockFirst: false, render: render) {
            session, lockedAtOnce in
            let engine = BookingEngine(rules: rules)
            @Sendable func decide() async throws -> (Result<Slot, Refusal>, overridden: Bool) {
                var existing =
                    try await BookingSQL.live(
                        businessID, from: Self.dayStart(request.date, rules, offset: -1),
                        to: Self.dayStart(request.date, rules, offset: 2), in: session) + outside
                if let offer = request.claimsOffer { existing.removeAll { $0.id == offer } }
                let decision = engine.check(date: request.date, time: request.time, query: request.query, existing: existing, now: now)
                if request.overrideCapacity, case .failure(.slotTaken) = decision {
                    // The slot as it would be with room: same times and rules, capacity set aside.
                    return (engine.check(date: request.date, time: request.time, query: request.query, existing: [], now: now), true)
                }
                return (decision, false)
            }
            // Uncontended (the usual case) the lock is taken at once and the decision made once under it. In a rush the
            // decision is first made on what has committed: a refusal needs no lock (it writes nothing), so the callers who
            // cannot have the slot hear so, with alternatives, without queueing behind the writers; a caller for whom it looks
            // free queues for the lock and decides again on what committed meanwhile.
            var (decision, overridden) = try await decide()
            if !lockedAtOnce, case .success = decision {
                try await BookingSQL.lockBusiness(businessID, in: session)
                (decision, overridden) = try await decide()
            }
            switch decision {
            case .failure(let refusal):
                return .refused(
                    refusal,
                    alternatives: try await alternatives(
                        engine, refusal, rules, businessID, request.date, request.time,
                        request.query, ignoring: nil, now: now, in: session))
            case .success(let slot):
                let service =
                    rules.services.first { $0.name.lowercased() == request.query.service?.lowercased() }
                    ?? (rules.kind == .appointments && rules.services.count == 1 ? rules.services[0] : nil)
                let (busyStart, busyEnd) = engine.busyInterval(start: slot.start, end: slot.end, service: service)
                var options = Self.roundOptions(request.options, slot, rules)
                if overridden { options["override"] = "capacity" }
                var row = NewBookingRow(
                    businessID: businessID, status: .confirmed, start: slot.start, end: slot.end, busyStart: busyStart, busyEnd: busyEnd,
                    partySize: request.query.partySize, customerName: request.name, customerPhone: request.phone?.e164, notes: request.notes,
                    service: service?.name, staffID: slot.staffID, options: options,
                    source: request.source, callID: actor.callID, customerEmail: request.email)
                row.intake = intake
                let booking = try await BookingSQL.insert(row, in: session)
                if let offer = request.claimsOffer { try await WaitlistSQL.accept(offer, booking: booking.id, in: session) }
                try await record(
                    "created", before: nil, after: booking, actor: actor, reason: overridden ? "capacity override" : nil,
                    jobs: Self.sideEffects(.bookingConfirmed, booking), newBooking: true, in: session)
                return .booked(booking)
            }
        }
    }

    public func modify(
        _ tenant: Tenant, request: ModifyBookingRequest, actor: Actor,
        idempotency: IdempotencyKey?, timeout: Database.Timeout = .standard, render: @escaping Render
    ) async throws -> MutationResult {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let now = self.now
        var outsideBusy: [ExistingBooking] = []
        if rules.kind == .appointments, request.date != nil || request.time != nil, let busyTimes, await busyTimes.applies(to: businessID) {
            // The owner's busy times of the day the booking moves to, fetched before the transaction takes the lock.
            var date = request.date
            if date == nil {
                let code = request.code
                let current = try await database.withConnection(timeout: timeout) { session in
                    try await BookingSQL.byCode(code, businessID: businessID, lock: false, in: session)
                }
                date = current.map { rules.clock.local($0.start).date }
            }
            if let date { outsideBusy = await externalBusy(rules, businessID, date) }
        }
        let outside = outsideBusy
        return try await mutate(businessID: businessID, idempotency: idempotency, timeout: timeout, render: render) { session, _ in
            guard
                let before = try await BookingSQL.byCode(
                    request.code, businessID: businessID, lock: true, in: session)
            else {
                return .notFound
            }
            guard before.status.isLive else { return .notModifiable(before.status) }
            let clock = rules.clock
            let current = clock.local(before.start)
            let date = request.date ?? current.date
            let time = request.time ?? LocalTime(minutes: current.minutes)
            // The booking keeps its staff member while they do the (possibly new) service; a change to a service they do not
            // do goes to whoever does it, rather than being refused for a preference the caller never stated.
            let service = request.service ?? before.service
            let keptStaff = before.staffID.flatMap { id in rules.staff.first { $0.id == id } }.flatMap { member in
                service.map { member.services.contains($0.lowercased()) } ?? true ? member.name : nil
            }
            let query = SlotQuery(
                partySize: request.partySize ?? before.partySize, service: service, staff: request.staff ?? keptStaff,
                round: request.round ?? Self.keptRound(before, rules),
                durationMinutes: request.durationMinutes ?? Self.keptDuration(before, service: request.service, rules))
            var after = before
            after.notes = request.notes ?? before.notes
            if let given = request.intake {
                // A change names only the answers it changes ("" clears one); a replacement (PUT) states them all. Thrown
                // before anything is written: the transaction rolls back and the caller hears which answer to fix.
                let merged = (request.details == nil ? before.intake.merging(given) { _, new in new } : given).filter { !$0.value.isEmpty }
                after.intake = try IntakeRules.answers(merged, to: rules.policy.intakeQuestions, requireAll: actor.type == "agent")
            }
            if let details = request.details {
                after.customerName = details.name
                after.customerPhone = details.phone?.e164
                after.customerEmail = details.email
                after.notes = details.notes
            }
            // Only a real change goes through the engine again: correcting a phone number or an answer (a PUT restating the
            // same time) must not be refused as too soon, in the past or over capacity.
            let currentStaff = before.staffID.flatMap { id in rules.staff.first { $0.id == id }?.name }
            let currentLength = Int(before.end.timeIntervalSince(before.start) / 60)
            let moves =
                date != current.date || time.minutes != current.minutes || query.partySize != before.partySize
                || request.service.map { $0.lowercased() != before.service?.lowercased() } ?? false
                || request.staff.map { $0.lowercased() != currentStaff?.lowercased() } ?? false
                || request.round.map { $0.uppercased() != before.options["holes"] } ?? false
                || request.durationMinutes.map { $0 != currentLength } ?? false
            let engine = BookingEngine(rules: rules)
            // Unmoved, the staff member's busy time keeps the service's buffers.
            var busy = engine.busyInterval(
                start: before.start, end: before.end,
                service: rules.services.first { $0.name.lowercased() == before.service?.lowercased() })
            if moves {
                let existing =
                    try await BookingSQL.live(
                        businessID, from: Self.dayStart(date, rules, offset: -1),
                        to: Self.dayStart(date, rules, offset: 2), in: session) + outside
                switch engine.check(date: date, time: time, query: query, existing: existing, now: now, ignoring: before.id) {
                case .failure(let refusal):
                    return .refused(
                        refusal,
                        alternatives: try await alternatives(
                            engine, refusal, rules, businessID, date, time, query,
                            ignoring: before.id, now: now, in: session))
                case .success(let slot):
                    let service = rules.services.first { $0.name.lowercased() == query.service?.lowercased() }
                    busy = engine.busyInterval(start: slot.start, end: slot.end, service: service)
                    after.start = slot.start
                    after.end = slot.end
                    after.partySize = query.partySize
                    after.service = service?.name ?? before.service
                    after.staffID = slot.staffID
                    // The quoted price stands unless the round or its start changes.
                    if slot.start != before.start || slot.round.map({ $0.rawValue != before.options["holes"] }) ?? false {
                        after.options = Self.roundOptions(before.options, slot, rules)
                    }
                }
            }
            let stored = try await BookingSQL.update(after, busyStart: busy.0, busyEnd: busy.1, in: session)
            // A move or a smaller party frees the old place (or part of it) for the waitlist.
            let freed = stored.start != before.start || stored.partySize < before.partySize || stored.end != before.end
            try await record(
                "modified", before: before, after: stored, actor: actor, reason: nil, jobs: Self.sideEffects(.bookingChanged, stored),
                newBooking: false, freed: freed ? before.start : nil, in: session)
            return .modified(before: before, after: stored)
        }
    }

    /// Cancels (never deletes); cancelling again answers the same booking, changing nothing.
    public func cancel(
        businessID: UUID, code: String, reason: String?, actor: Actor, idempotency: IdempotencyKey?,
        timeout: Database.Timeout = .standard, render: @escaping Render
    ) async throws -> MutationResult {
        try await mutate(businessID: businessID, idempotency: idempotency, timeout: timeout, render: render) { session, _ in
            guard
                let before = try await BookingSQL.byCode(
                    code, businessID: businessID, lock: true, in: session)
            else {
                return .notFound
            }
            if before.status == .cancelled { return .cancelled(before, alreadyCancelled: true) }
            guard before.status.isLive else { return .notModifiable(before.status) }
            var after = before
            after.status = .cancelled
            let stored = try await BookingSQL.update(after, busyStart: nil, busyEnd: nil, in: session)
            try await record(
                "cancelled", before: before, after: stored, actor: actor, reason: reason, jobs: Self.sideEffects(.bookingCancelled, stored),
                newBooking: false, freed: before.start, in: session)
            return .cancelled(stored, alreadyCancelled: false)
        }
    }

    /// Upcoming bookings by code, phone or name (and optionally a date), this business only.
    public func find(
        _ tenant: Tenant, code: String?, phone: String?, name: String?, date: LocalDate?,
        timeout: Database.Timeout = .standard
    ) async throws -> [Booking] {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let now = self.now
        return try await database.withConnection(timeout: timeout) { session in
            if let code {
                guard
                    let booking = try await BookingSQL.byCode(
                        code, businessID: businessID, lock: false, in: session)
                else { return [] }
                return [booking]
            }
            let from = date.map { max(Self.dayStart($0, rules, offset: 0), now) } ?? now
            let to = date.map { Self.dayStart($0, rules, offset: 1) }
            return try await BookingSQL.upcoming(
                businessID: businessID, phone: phone, name: name, from: from, to: to, limit: 5, in: session)
        }
    }

    // MARK: Plumbing

    /// One idempotent transaction under the business's lock: the decision and its writes commit together.
    /// `lockFirst: false` takes the lock only if it is free and tells `work` (create, which may refuse without it).
    func mutate(
        businessID: UUID, idempotency: IdempotencyKey?, timeout: Database.Timeout, lockFirst: Bool = true, render: @escaping Render,
        _ work: @escaping @Sendable (DatabaseSession, _ locked: Bool) async throws -> BookingOutcome
    ) async throws -> MutationResult {
        try await database.idempotentTransaction(
            businessID: businessID, key: idempotency, timeout: timeout, lock: lockFirst ? .wait : .tryOnly
        ) { session, locked in
            let outcome = try await work(session, locked)
            return (outcome, try render(outcome))
        }
    }

    func alternatives(
        _ engine: BookingEngine, _ refusal: Refusal, _ rules: BookingRules, _ businessID: UUID, _ date: LocalDate,
        _ time: LocalTime, _ query: SlotQuery, ignoring: UUID?, now: Date,
        in session: DatabaseSession
    ) async throws -> [Slot] {
        guard Self.offersAlternatives(refusal) else { return [] }
        let existing = try await BookingSQL.live(
            businessID, from: Self.dayStart(date, rules, offset: -1),
            to: Self.dayStart(date, rules, offset: 9), in: session)
        return engine.alternatives(date: date, near: time, query: query, existing: existing, now: now, ignoring: ignoring)
    }

    func liveBookings(
        _ businessID: UUID, around date: LocalDate, days: Int, rules: BookingRules, timeout: Database.Timeout
    ) async throws -> [ExistingBooking] {
        try await database.withConnection(timeout: timeout) { session in
            try await BookingSQL.live(
                businessID, from: Self.dayStart(date, rules, offset: -1),
                to: Self.dayStart(date, rules, offset: days + 1), in: session)
        }
    }

    /// A golf booking's options with the round it was checked for and its price per player at that time (what the caller
    /// was quoted, kept even if the rates change later).
    static func roundOptions(_ options: [String: String], _ slot: Slot, _ rules: BookingRules) -> [String: String] {
        var options = options
        if let round = slot.round { options["holes"] = round.rawValue }
        if let cents = slot.priceCents {
            options["price_per_player"] = Price(cents: cents, currency: rules.policy.currency).plain
            options["currency"] = rules.policy.currency
        } else if slot.round != nil {
            options["price_per_player"] = nil
            options["currency"] = nil
        }
        return options
    }

    /// A golf booking keeps its round through a move while the course still sells it (else the engine's default).
    static func keptRound(_ booking: Booking, _ rules: BookingRules) -> String? {
        guard let holes = booking.options["holes"] else { return nil }
        return rules.policy.roundTypes.isEmpty || rules.policy.roundTypes.contains { $0.holes.rawValue == holes } ? holes : nil
    }

    /// An appointment keeps its chosen length through a move, while its service stays and still offers that length.
    static func keptDuration(_ booking: Booking, service newService: String?, _ rules: BookingRules) -> Int? {
        guard rules.kind == .appointments, newService == nil || newService?.lowercased() == booking.service?.lowercased(),
            let service = rules.services.first(where: { $0.name.lowercased() == booking.service?.lowercased() })
        else { return nil }
        let minutes = Int(booking.end.timeIntervalSince(booking.start) / 60)
        return minutes != service.durationMinutes && service.allowedDurations.contains(minutes) ? minutes : nil
    }

    /// The writes beside a changed booking: its audit row, its outbox rows (`sideEffects`), its reminder (scheduled for
    /// a new booking; for a changed one withdrawn, then scheduled again while it is live), and the waitlist's match when
    /// a place was `freed` around that time. One statement for all of them (each was a round trip on the transaction a
    /// caller waits for), except a changed booking's new reminder, which may revive the very row the change withdraws
    /// and so follows that statement.
    func record(
        _ action: String, before: Booking?, after: Booking, actor: Actor, reason: String?, jobs: [NewJob], newBooking: Bool,
        freed: Date? = nil, in session: DatabaseSession
    ) async throws {
        var parts = [BookingSQL.change(action, before: before, after: after, actor: actor, reason: reason)]
        if !jobs.isEmpty { parts.append(Outbox.insertion(jobs, businessID: after.businessID)) }
        var scheduling = ReminderSQL.scheduling(after)
        if newBooking {
            if let reminder = scheduling { parts.append(reminder) }
            scheduling = nil
        } else {
            parts.append(ReminderSQL.withdrawal(after.id))
        }
        if let freed { parts.append(WaitlistSQL.matchQueued(after.businessID, around: freed)) }
        try await session.write(together: parts)
        if let scheduling { try await session.rows("\(scheduling)") }
    }

    /// Outbox rows of a booking change: the customer's message (once per change, ordered per booking, so "booked" never
    /// arrives after "cancelled"), the calendar sync ordered per booking, the owner's alerts (when opted in).
    static func sideEffects(_ kind: JobKind, _ booking: Booking) -> [NewJob] {
        NewJob.customerMessages(kind, booking: booking) + [NewJob.calendarSync(booking: booking.id)]
            + NewJob.ownerBookingAlerts(kind, booking: booking)
    }

    /// The live bookings of the day asked about and its neighbours and, for appointments with calendars connected, the
    /// calendars' busy times, read side by side; anyone else's check reads no calendar and starts no task (an `async let`
    /// is a task of its own and a hand-over between threads, on every check).
    func liveAndOutside(
        _ rules: BookingRules, _ businessID: UUID, around date: LocalDate, timeout: Database.Timeout
    ) async throws -> (live: [ExistingBooking], outside: [ExistingBooking]) {
        guard readsCalendar(rules) else {
            return (try await liveBookings(businessID, around: date, days: 1, rules: rules, timeout: timeout), [])
        }
        async let outside = externalBusy(rules, businessID, date)
        let live = try await liveBookings(businessID, around: date, days: 1, rules: rules, timeout: timeout)
        return (live, await outside)
    }

    /// Whether the owner's calendar's busy times count: appointments, with the calendars' busy times wired in.
    func readsCalendar(_ rules: BookingRules) -> Bool { rules.kind == .appointments && busyTimes != nil }

    /// The owner's calendar's busy times around `date` as blocks no staff member can take (appointments only);
    /// empty when not enabled or when the calendar cannot answer in time: availability never waits on Google.
    func externalBusy(_ rules: BookingRules, _ businessID: UUID, _ date: LocalDate) async -> [ExistingBooking] {
        guard readsCalendar(rules), let busyTimes else { return [] }
        let from = Self.dayStart(date, rules, offset: -1), to = Self.dayStart(date, rules, offset: 9)
        guard let intervals = await busyTimes.busy(businessID: businessID, from: from, to: to) else { return [] }
        return intervals.map { ExistingBooking(id: UUID(), start: $0.start, end: $0.end, partySize: 0, blocksAllStaff: true) }
    }

    /// The instant the local day `offset` days from `date` begins.
    static func dayStart(_ date: LocalDate, _ rules: BookingRules, offset: Int) -> Date {
        rules.clock.startOfDay(date.adding(days: offset))
    }
}
