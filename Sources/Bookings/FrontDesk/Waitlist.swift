import Domain
import Foundation
import Storage

/// The waitlist: callers join for a window of start times on a full day; when a place frees up (a cancellation, a
/// move, a request leaving), the matching job offers it, first come first served, to the first request it fits, by
/// text, holding that capacity for `holdMinutes` so no phone caller takes it; YES books it through the engine (the
/// held place counting as free for that booking alone, the offer taken in the booking's transaction), NO or silence
/// passes it to the next.
public struct Waitlist: Sendable {
    let database: Database
    let store: WaitlistStore
    let replies: TextReplyStore
    let bookings: BookingService
    let now: @Sendable () -> Date
    /// How long an offer holds its place.
    public static let holdMinutes = 15

    public init(database: Database, bookings: BookingService, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.store = WaitlistStore(database: database)
        self.replies = TextReplyStore(database: database)
        self.bookings = bookings
        self.now = now
    }

    public struct JoinRequest: Sendable {
        public var date: LocalDate
        public var from: LocalTime
        public var to: LocalTime
        public var partySize: Int
        public var service: String?
        public var name: String
        public var phone: PhoneNumber

        public init(date: LocalDate, from: LocalTime, to: LocalTime, partySize: Int, service: String?, name: String, phone: PhoneNumber) {
            self.date = date
            self.from = from
            self.to = to
            self.partySize = partySize
            self.service = service
            self.name = name
            self.phone = phone
        }
    }

    /// Why a request cannot join, in the field it concerns.
    public enum JoinRefusal: Error, Equatable {
        case windowOrder
        case past
        case beyondHorizon
        case partyTooLarge(Int)
    }

    /// Adds the request (idempotent like the other mutations); the answer's bytes come from `render(position)`.
    public func join(
        _ tenant: Tenant, _ request: JoinRequest, idempotency: IdempotencyKey?, render: @escaping @Sendable (Int) throws -> [UInt8]
    ) async throws -> IdempotentOutcome<Int> {
        let rules = tenant.rules, clock = rules.clock, today = clock.today(now())
        guard request.from.minutes <= request.to.minutes else { throw JoinRefusal.windowOrder }
        guard request.date >= today else { throw JoinRefusal.past }
        guard request.date <= today.adding(days: rules.policy.bookingHorizonDays) else { throw JoinRefusal.beyondHorizon }
        if rules.kind != .appointments, request.partySize > rules.policy.maxPartySize { throw JoinRefusal.partyTooLarge(rules.policy.maxPartySize) }
        guard let start = clock.instant(request.date, minutes: request.from.minutes),
            let end = clock.instant(request.date, minutes: request.to.minutes)
        else { throw JoinRefusal.windowOrder }
        guard end > now() else { throw JoinRefusal.past }
        return try await database.idempotentTransaction(businessID: tenant.id, key: idempotency) { session in
            let (_, position) = try await WaitlistStore.join(
                businessID: tenant.id, windowStart: start, windowEnd: end, partySize: request.partySize, service: request.service,
                name: request.name, phone: request.phone.e164, in: session)
            // A place may be free already (a cancellation before anyone waited): look at once.
            try await WaitlistSQL.placeFreed(tenant.id, around: start, in: session)
            return (position, try render(position))
        }
    }

    /// Matches freed places with waiting requests under the business's lock: expired offers released first, then each
    /// request in the order it joined gets the first start in its window where its party fits with every booking and
    /// every open offer counted (so one freed place is offered to one request at a time). How many offers were made.
    /// The phone's requests still waiting or being offered a place.
    public func active(_ businessID: UUID, phone: String) async throws -> [WaitlistStore.Entry] {
        try await store.active(businessID: businessID, phone: phone)
    }

    /// The business's requests still ahead, for its owner.
    public func upcoming(_ businessID: UUID) async throws -> [WaitlistStore.Entry] { try await store.upcoming(businessID) }

    public func remove(_ entryID: UUID, businessID: UUID, audit: AuditEntry) async throws -> Bool {
        try await store.remove(entryID, businessID: businessID, audit: audit)
    }

    /// The phone leaves the waitlist of `date` (or every day); how many requests left.
    public func leave(_ tenant: Tenant, phone: String, date: LocalDate?) async throws -> Int {
        let clock = tenant.rules.clock
        return try await store.leave(
            businessID: tenant.id, phone: phone, dayStart: date.map { clock.startOfDay($0) },
            dayEnd: date.map { clock.startOfDay($0.adding(days: 1)) })
    }

    public func match(_ tenant: Tenant) async throws -> Int {
        let rules = tenant.rules, engine = BookingEngine(rules: rules), at = now()
        return try await database.transaction { session in
            try await BookingSQL.lockBusiness(tenant.id, in: session)
            try await WaitlistStore.expireOffers(tenant.id, in: session)
            var offers = 0
            let hold = Double(Self.holdMinutes * 60)
            // A start the caller can still take when they answer at the end of the hold (the notice counted from then).
            let earliest = at.addingTimeInterval(hold + Double(rules.policy.minNoticeMinutes * 60))
            for entry in try await WaitlistStore.waiting(tenant.id, in: session) {
                // Nobody reads an offer texted to a number that replied STOP: it would only hold the place.
                if try await replies.optedOut(phone: entry.phone) { continue }
                let day = rules.clock.local(entry.windowStart)
                let existing = try await BookingSQL.live(
                    tenant.id, from: BookingService.dayStart(day.date, rules, offset: -1), to: BookingService.dayStart(day.date, rules, offset: 2),
                    in: session)
                // The engine's own free starts (its grid, hours, staff and rounds), the first inside the window.
                let query = SlotQuery(partySize: entry.partySize, service: entry.service)
                let free = engine.freeSlots(on: day.date, query: query, existing: existing, now: at)
                guard let slot = free.first(where: { $0.start >= entry.windowStart && $0.start <= entry.windowEnd && $0.start >= earliest }) else {
                    continue
                }
                _ = try await WaitlistStore.makeOffer(
                    businessID: tenant.id, entryID: entry.id, start: slot.start, end: slot.end, partySize: entry.partySize, staffID: slot.staffID,
                    expires: at.addingTimeInterval(hold), in: session)
                offers += 1
            }
            return offers
        }
    }

    /// What came of a YES.
    public enum Acceptance: Sendable, Equatable {
        case booked(Booking)
        /// Already taken by this same request (a second YES of a double tap): nothing more to say.
        case alreadyBooked
        /// Declined or expired before the YES, or the engine refused (the offer is then closed and the place matched again).
        case gone
    }

    /// YES to an open offer: the booking made through the engine with the offer's held place counting as free for it,
    /// the offer taken in the same transaction (a second YES, or the same one delivered twice, finds it taken).
    public func accept(_ tenant: Tenant, offer: WaitlistStore.Offer, messageSID: String) async throws -> Acceptance {
        let clock = tenant.rules.clock, local = clock.local(offer.start)
        var request = CreateBookingRequest(
            date: local.date, time: LocalTime(minutes: local.minutes), query: SlotQuery(partySize: offer.partySize, service: offer.service),
            name: offer.name, phone: try? PhoneNumber(offer.phone, field: "phone"), notes: nil, source: .phone)
        request.claimsOffer = offer.id
        let key = IdempotencyKey(scope: "waitlist", key: messageSID, requestHash: Array(offer.id.uuidString.utf8))
        do {
            let result = try await bookings.create(
                tenant, request: request, actor: Actor(type: "system", id: "waitlist"), idempotency: key, render: { _ in [] })
            switch result {
            case .fresh(.booked(let booking), _): return .booked(booking)
            case .replayed: return .alreadyBooked
            default:
                try await store.withdraw(offer.id, businessID: tenant.id)
                return .gone
            }
        } catch is WaitlistSQL.OfferGone {
            return try await store.offer(offer.id)?.status == "accepted" ? .alreadyBooked : .gone
        }
    }
}
