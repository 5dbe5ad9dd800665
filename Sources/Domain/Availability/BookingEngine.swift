import Foundation

/// Decides, deterministically and without I/O, whether a request fits and which starts are free:
/// opening hours and overrides, DST, notice, horizon, party limits and capacity for each booking model.
/// The caller supplies the live bookings around the dates asked about (and must hold the lock that makes
/// the answer stay true until it writes).
public struct BookingEngine: Sendable {
    public let rules: BookingRules

    public init(rules: BookingRules) { self.rules = rules }

    /// How many other times a refusal offers: enough to choose from, few enough to say.
    public static let alternativesOffered = 3

    var clock: ZonedClock { rules.clock }
    var policy: BookingPolicy { rules.policy }

    // MARK: - One request

    /// The slot for a wall-clock request, or why it cannot be had. `ignoring` leaves out a booking being modified.
    public func check(
        date: LocalDate, time: LocalTime, query: SlotQuery, existing: [ExistingBooking], now: Date,
        ignoring: UUID? = nil
    ) -> Result<Slot, Refusal> {
        switch prepare(date, query: query, now: now) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let day): return check(day, time: time, query: query, others: Self.leavingOut(ignoring, existing), now: now)
        }
    }

    /// What every candidate time of one day shares, worked out once: listing a day's slots or seeking alternatives
    /// used to repeat the time-zone arithmetic of the day's opening windows for each candidate.
    struct Day {
        let date: LocalDate
        let today: LocalDate
        let windows: [OpenWindow]
        let service: Service?
        let round: RoundType?
    }

    /// The day's shared facts, or the refusal every time of it would get from the query alone (checked in the order
    /// a single request always was: party, service, round).
    func prepare(_ date: LocalDate, query: SlotQuery, now: Date) -> Result<Day, Refusal> {
        if let refusal = staticRefusal(query) { return .failure(refusal) }
        let service: Service?
        switch resolveService(query) {
        case .failure(let r): return .failure(r)
        case .success(let s): service = s
        }
        let round: RoundType?
        switch resolveRound(query, service) {
        case .failure(let r): return .failure(r)
        case .success(let r): round = r
        }
        return .success(Day(date: date, today: clock.today(now), windows: rules.schedule.windowsTouching(date), service: service, round: round))
    }

    static func leavingOut(_ ignoring: UUID?, _ existing: [ExistingBooking]) -> [ExistingBooking] {
        ignoring.map { id in existing.filter { $0.id != id } } ?? existing
    }

    /// One wall-clock time of a prepared day; `others` are the live bookings less any being modified.
    func check(_ day: Day, time: LocalTime, query: SlotQuery, others: [ExistingBooking], now: Date) -> Result<Slot, Refusal> {
        let (date, service, round) = (day.date, day.service, day.round)
        let minutes = time.minutes
        guard let start = clock.resolve(date, minutes: minutes).instant else { return .failure(.timeSkippedByClockChange) }
        let today = day.today
        if date < today || start < now { return .failure(.inThePast) }
        let lastDate = today.adding(days: policy.bookingHorizonDays)
        if date > lastDate { return .failure(.tooFarAhead(lastDate: lastDate, today: today)) }

        let startsToday = day.windows.lazy.filter { window in
            let local = window.serviceDate == date ? minutes : minutes + 1440
            return local >= window.openMinutes && local < window.closeMinutes
        }
        if startsToday.isEmpty, let reason = rules.schedule.closedReason(for: date) {
            return .failure(.closed(reason: reason))
        }
        let end = start.addingTimeInterval(Double(durationMinutes(query, service, round)) * 60)
        guard let window = startsToday.first(where: { start >= $0.start && end <= $0.end }) else {
            return .failure(.outsideHours)
        }
        let offset = (window.serviceDate == date ? minutes : minutes + 1440) - window.openMinutes
        if offset % policy.slotIntervalMinutes != 0 { return .failure(.notOnSlotGrid(intervalMinutes: policy.slotIntervalMinutes)) }
        if start < now.addingTimeInterval(Double(policy.minNoticeMinutes) * 60) {
            return .failure(.tooSoon(minNoticeMinutes: policy.minNoticeMinutes))
        }
        guard let staffID = capacityFits(start: start, end: end, query: query, service: service, existing: others, date: date) else {
            return .failure(.slotTaken)
        }
        return .success(
            Slot(
                start: start, end: end, date: date, minutes: minutes, staffID: staffID.id, round: round?.holes,
                priceCents: round?.priceCents(at: minutes)))
    }

    // MARK: - Listing

    /// Every free start whose local date is `date`, in time order; each wall time at most once (fall-back hours are not doubled).
    public func freeSlots(on date: LocalDate, query: SlotQuery, existing: [ExistingBooking], now: Date, ignoring: UUID? = nil) -> [Slot] {
        guard case .success(let day) = prepare(date, query: query, now: now) else { return [] }
        let others = Self.near(day, Self.leavingOut(ignoring, existing))
        return candidateMinutes(day).sorted().compactMap { minutes in
            try? check(day, time: LocalTime(minutes: minutes), query: query, others: others, now: now).get()
        }.sorted { $0.start < $1.start }
    }

    /// The nearest free starts to a wanted time: that day first (closest first), then the following open days. Each
    /// day's candidates are checked nearest first until enough are free, not all of them.
    public func alternatives(
        date: LocalDate, near time: LocalTime?, query: SlotQuery, existing: [ExistingBooking], now: Date,
        limit: Int = alternativesOffered, daysAhead: Int = 7, ignoring: UUID? = nil
    ) -> [Slot] {
        let target = time?.minutes ?? 19 * 60
        let kept = Self.leavingOut(ignoring, existing)
        var picks: [Slot] = []
        for offset in 0 ... daysAhead where picks.count < limit {
            guard case .success(let day) = prepare(date.adding(days: offset), query: query, now: now) else { continue }
            let others = Self.near(day, kept)
            let excluded = offset == 0 ? time?.minutes : nil
            let ranked = candidateMinutes(day).filter { $0 != excluded }.sorted { (abs($0 - target), $0) < (abs($1 - target), $1) }
            for minutes in ranked where picks.count < limit {
                if case .success(let slot) = check(day, time: LocalTime(minutes: minutes), query: query, others: others, now: now) {
                    picks.append(slot)
                }
            }
        }
        return picks
    }

    /// The wall times on the slot grid of the day's windows that fall on the day itself, each once.
    func candidateMinutes(_ day: Day) -> Set<Int> {
        var minutes = Set<Int>()
        for window in day.windows {
            for wall in stride(from: window.openMinutes, to: window.closeMinutes, by: policy.slotIntervalMinutes) {
                let (localDate, local) = wall >= 1440 ? (window.serviceDate.adding(days: 1), wall - 1440) : (window.serviceDate, wall)
                if localDate == day.date { minutes.insert(local) }
            }
        }
        return minutes
    }

    /// The bookings that can touch a start of the day (its windows, a day either side for buffers), so a day's
    /// candidates do not each scan the ten days read for alternatives.
    static func near(_ day: Day, _ bookings: [ExistingBooking]) -> [ExistingBooking] {
        guard let first = day.windows.map(\.start).min(), let last = day.windows.map(\.end).max() else { return bookings }
        let (from, to) = (first.addingTimeInterval(-86400), last.addingTimeInterval(86400))
        return bookings.filter { min($0.start, $0.busyStart) < to && max($0.end, $0.busyEnd) > from }
    }

    // MARK: - Rules

    func staticRefusal(_ query: SlotQuery) -> Refusal? {
        if query.partySize > policy.maxPartySize { return .partyTooLarge(max: policy.maxPartySize) }
        if query.partySize < policy.minPartySize { return .partyTooSmall(min: policy.minPartySize) }
        return nil
    }

    func resolveService(_ query: SlotQuery) -> Result<Service?, Refusal> {
        guard rules.kind == .appointments else { return .success(nil) }
        let known = rules.services.map(\.name)
        guard let name = query.service?.lowercased() else {
            return rules.services.count == 1 ? .success(rules.services[0]) : .failure(.serviceRequired(known: known))
        }
        guard let service = rules.services.first(where: { $0.name.lowercased() == name }) else {
            return .failure(.unknownService(known: known))
        }
        if let staff = query.staff?.lowercased() {
            let qualified = rules.staff.filter { $0.services.contains(service.name.lowercased()) }
            if !qualified.contains(where: { $0.name.lowercased() == staff }) { return .failure(.unknownStaff(known: qualified.map(\.name))) }
        }
        return .success(service)
    }

    /// The round (golf) and a chosen length (appointments) checked against what the business sells.
    func resolveRound(_ query: SlotQuery, _ service: Service?) -> Result<RoundType?, Refusal> {
        if let wanted = query.durationMinutes {
            guard let service, rules.kind == .appointments else { return .failure(.durationNotOffered(allowed: [])) }
            guard service.allowedDurations.contains(wanted) else { return .failure(.durationNotOffered(allowed: service.allowedDurations)) }
        }
        guard rules.kind == .teeTimes else { return .success(nil) }
        return policy.round(query.round)
    }

    func durationMinutes(_ query: SlotQuery, _ service: Service?, _ round: RoundType?) -> Int {
        switch rules.kind {
        case .restaurant: policy.stayMinutes(partySize: query.partySize)
        case .teeTimes: round?.minutes ?? policy.slotIntervalMinutes
        case .appointments: query.durationMinutes ?? service?.durationMinutes ?? policy.defaultDurationMinutes
        }
    }

    /// The busy time of an appointment: the client's time widened by the service's buffers.
    public func busyInterval(start: Date, end: Date, service: Service?) -> (Date, Date) {
        (
            start.addingTimeInterval(-Double(service?.bufferBeforeMinutes ?? 0) * 60),
            end.addingTimeInterval(Double(service?.bufferAfterMinutes ?? 0) * 60)
        )
    }

    /// Nil when full; otherwise the staff member chosen (an empty choice for models without staff).
    func capacityFits(start: Date, end: Date, query: SlotQuery, service: Service?, existing: [ExistingBooking], date: LocalDate) -> StaffChoice? {
        switch rules.kind {
        case .restaurant:
            guard let capacity = policy.capacity else { return nil }
            return Self.peakGuests(existing, from: start, to: end) + query.partySize <= capacity ? StaffChoice(id: nil) : nil
        case .teeTimes:
            guard let capacity = policy.capacity else { return nil }
            let taken = existing.filter { $0.start == start }.reduce(0) { $0 + $1.partySize }
            return taken + query.partySize <= capacity ? StaffChoice(id: nil) : nil
        case .appointments:
            guard let service else { return nil }
            let (busyStart, busyEnd) = busyInterval(start: start, end: end, service: service)
            let candidates = rules.staff
                .filter { $0.services.contains(service.name.lowercased()) }
                .filter { query.staff == nil || $0.name.lowercased() == query.staff!.lowercased() }
                .sorted { $0.name < $1.name }
            for member in candidates where works(member, start: start, end: end, date: date) {
                let clash = existing.contains { ($0.staffID == member.id || $0.blocksAllStaff) && $0.busyStart < busyEnd && $0.busyEnd > busyStart }
                if !clash { return StaffChoice(id: member.id) }
            }
            return nil
        }
    }

    struct StaffChoice { let id: UUID? }

    /// Whether the appointment lies within the member's own hours (when they have any).
    func works(_ member: StaffMember, start: Date, end: Date, date: LocalDate) -> Bool {
        guard let hours = member.hours else { return true }
        let own = OpeningSchedule(weekly: hours, overrides: [], clock: clock)
        return own.windowsTouching(date).contains { start >= $0.start && end <= $0.end }
    }

    /// The most guests present at any instant of [from, to): a sweep over the overlapping bookings.
    static func peakGuests(_ bookings: [ExistingBooking], from: Date, to: Date) -> Int {
        // Instants as seconds: sorting plain numbers (a check sweeps once per candidate time it tries).
        var events: [(Double, Int)] = []
        events.reserveCapacity(16)
        for b in bookings where b.start < to && b.end > from {
            events.append((max(b.start, from).timeIntervalSinceReferenceDate, b.partySize))
            events.append((min(b.end, to).timeIntervalSinceReferenceDate, -b.partySize))
        }
        // At equal instants a departure frees its seats before an arrival takes them.
        events.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var current = 0, peak = 0
        for (_, delta) in events {
            current += delta
            peak = max(peak, current)
        }
        return peak
    }
}
