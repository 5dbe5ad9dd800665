import Domain
import Foundation
import Logging
import PostgresNIO
import Storage

/// What an owner's status change came to.
public enum StatusChange: Sendable {
    case changed(before: Booking, after: Booking)
    /// Already in that status: nothing written.
    case unchanged(Booking)
    case illegal(from: BookingStatus, allowed: [BookingStatus])
    /// A cancelled booking could not be brought back: its place was taken meanwhile (or the rules changed).
    case refused(Refusal)
    case notFound
}

extension BookingService {
    /// An owner moves a booking through its lifecycle (see `StatusTransition`), with its audit row and outbox rows in
    /// the same transaction: a cancel texts the customer and clears the calendar and reminder; confirming texts the
    /// confirmation; completing or a no-show only updates the calendar and withdraws the reminder.
    /// Bringing a cancelled booking back goes through the engine like a new booking (its own place ignored), so it
    /// never overbooks; `rules` are the business's current ones.
    public func setStatus(
        _ tenant: Tenant, bookingID: UUID, to status: BookingStatus, reason: String?, actor: Actor,
        timeout: Database.Timeout = .standard
    ) async throws -> StatusChange {
        let (rules, businessID) = (tenant.rules, tenant.id)
        let now = self.now
        // A restore is checked against the owner's calendar too; fetched before the lock, like a new booking's.
        var outside: [ExistingBooking] = []
        if status == .confirmed, rules.kind == .appointments, let busyTimes, await busyTimes.applies(to: businessID) {
            let current = try await database.withConnection(timeout: timeout) { session in
                try await BookingSQL.byID(bookingID, businessID: businessID, in: session)
            }
            if let current, current.status == .cancelled { outside = await externalBusy(rules, businessID, rules.clock.local(current.start).date) }
        }
        let outsideBusy = outside
        return try await database.transaction(timeout: timeout) { session in
            try await BookingSQL.lockBusiness(businessID, in: session)
            guard let before = try await BookingSQL.byID(bookingID, businessID: businessID, in: session)
            else { return .notFound }
            if before.status == status { return .unchanged(before) }
            let allowed = StatusTransition.allowed(from: before.status, start: before.start, now: now)
            guard allowed.contains(status) else { return .illegal(from: before.status, allowed: allowed) }
            var after = before
            after.status = status
            let restoring = before.status == .cancelled
            var busy: (Date, Date)?
            if restoring {
                let engine = BookingEngine(rules: rules)
                let local = rules.clock.local(before.start)
                // The booking as it was: its round (golf) and its chosen length (appointments) are checked again, not the defaults.
                let query = SlotQuery(
                    partySize: before.partySize, service: before.service,
                    staff: before.staffID.flatMap { id in rules.staff.first { $0.id == id }?.name }, round: Self.keptRound(before, rules),
                    durationMinutes: Self.keptDuration(before, service: nil, rules))
                let existing =
                    try await BookingSQL.live(
                        businessID, from: Self.dayStart(local.date, rules, offset: -1),
                        to: Self.dayStart(local.date, rules, offset: 2), in: session) + outsideBusy
                switch engine.check(
                    date: local.date, time: LocalTime(minutes: local.minutes), query: query, existing: existing, now: now,
                    ignoring: before.id)
                {
                case .failure(let refusal): return .refused(refusal)
                case .success(let slot):
                    // Stored as checked: today's duration and buffers, which may differ from when it was first booked.
                    after.staffID = slot.staffID
                    after.end = slot.end
                    busy = engine.busyInterval(
                        start: slot.start, end: slot.end,
                        service: rules.services.first { $0.name.lowercased() == before.service?.lowercased() })
                }
            }
            let stored = try await BookingSQL.update(
                after, busyStart: busy?.0, busyEnd: busy?.1, in: session)
            let action = status == .cancelled ? "cancelled" : (restoring ? "restored" : "status_changed")
            switch status {
            case .cancelled:
                try await record(
                    action, before: before, after: stored, actor: actor, reason: reason, jobs: Self.sideEffects(.bookingCancelled, stored),
                    newBooking: false, freed: before.start, in: session)
            case .confirmed:
                try await record(
                    action, before: before, after: stored, actor: actor, reason: reason, jobs: Self.sideEffects(.bookingConfirmed, stored),
                    newBooking: true, in: session)
            default:
                try await record(
                    action, before: before, after: stored, actor: actor, reason: reason, jobs: [.calendarSync(booking: stored.id)],
                    newBooking: false, in: session)
            }
            return .changed(before: before, after: stored)
        }
    }
}
