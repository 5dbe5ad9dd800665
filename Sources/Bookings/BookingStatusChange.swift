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
    case notFound
}

extension BookingService {
    /// An owner moves a booking through its lifecycle (see `StatusTransition`), with its audit row and outbox rows in
    /// the same transaction: a cancel texts the customer and clears the calendar and reminder; confirming texts the
    /// confirmation; completing or a no-show only updates the calendar and withdraws the reminder.
    public func setStatus(businessID: UUID, bookingID: UUID, to status: BookingStatus, reason: String?, actor: Actor,
                          timeout: Database.Timeout = .standard) async throws -> StatusChange {
        let now = self.now
        return try await database.transaction(timeout: timeout) { [logger = database.logger] connection in
            try await BookingSQL.lockBusiness(businessID, on: connection, logger: logger)
            guard let before = try await BookingSQL.byID(bookingID, businessID: businessID, vault: database.vault, on: connection, logger: logger) else { return .notFound }
            if before.status == status { return .unchanged(before) }
            let allowed = StatusTransition.allowed(from: before.status, start: before.start, now: now)
            guard allowed.contains(status) else { return .illegal(from: before.status, allowed: allowed) }
            var after = before
            after.status = status
            let stored = try await BookingSQL.update(after, busyStart: before.start, busyEnd: before.end, vault: database.vault, on: connection, logger: logger)
            try await BookingSQL.recordChange(status == .cancelled ? "cancelled" : "status_changed", before: before, after: stored,
                                              actor: actor, reason: reason, on: connection, logger: logger)
            switch status {
            case .cancelled: try await enqueueSideEffects("booking_cancelled", stored, on: connection, logger: logger)
            case .confirmed: try await enqueueSideEffects("booking_confirmed", stored, on: connection, logger: logger)
            default:
                let id = stored.id.uuidString.lowercased()
                try await BookingSQL.enqueue(NewJob(kind: "calendar_sync", payload: ["booking_id": id], orderingKey: "booking:\(id)"),
                                             businessID: businessID, on: connection, logger: logger)
                try await ReminderSQL.reschedule(stored, new: false, on: connection, logger: logger)
            }
            return .changed(before: before, after: stored)
        }
    }
}
