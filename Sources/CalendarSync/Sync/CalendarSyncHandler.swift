import Domain
import Foundation
import Logging
import Storage
import Workers

/// Runs `calendar_sync` jobs (written in each booking change's transaction, ordered per booking): insert the event
/// under its derived id (409 → patch), patch on a change, delete on a cancel (404/410 count as done). Best effort:
/// the booking is already committed; a failure here only delays the calendar.
public struct CalendarSyncHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.calendarSync.rawValue]
    let google: GoogleClient?
    let credentials: Credentials?
    let connections: CalendarConnectionStore
    let bookings: BookingStore
    let businesses: BusinessStore
    let logger: Logger

    /// With no Google client configured there is nothing to sync to: every job ends done.
    public init(google: GoogleClient?, credentials: Credentials?, database: Database, logger: Logger) {
        self.google = google
        self.credentials = credentials
        self.connections = CalendarConnectionStore(database: database)
        self.bookings = BookingStore(database: database)
        self.businesses = BusinessStore(database: database)
        self.logger = logger
    }

    /// How long a job waits for an invalid connection to be reconnected before looking again (reconnecting wakes it).
    static let waitForReconnect: TimeInterval = 3600

    /// The result of a calendar job whose connection waits for its owner to reconnect: no attempt spent.
    static var waitingForReconnect: JobResult {
        .rateLimited(until: Date().addingTimeInterval(waitForReconnect), reason: "waiting for the calendar to be reconnected")
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let google, let credentials, let businessID = job.businessID else { return .done }
        do {
            guard let bookingID = BookingJob(fields: JobPayloadText.decode(job.payload))?.bookingID,
                let booking = try await bookings.get(bookingID),
                let connection = try await connections.get(businessID), connection.status != .disconnected,
                let business = try await businesses.get(businessID)
            else { return .done }
            if connection.status == .invalid {
                return CalendarSyncHandler.waitingForReconnect
            }
            let eventID = EventBody.eventID(businessID: businessID, bookingID: bookingID)
            do {
                let (state, updated) = try await sync(booking, business, connection, eventID, google, credentials)
                try await connections.recordSync(
                    businessID: businessID, bookingID: bookingID, eventID: eventID, state: state, error: nil, eventUpdated: updated)
                return .done
            } catch let failure as GoogleFailure {
                if failure.kind == .invalidGrant {
                    return CalendarSyncHandler.waitingForReconnect
                }
                logger.warning(
                    "calendar sync failed",
                    metadata: ["job_id": "\(job.id)", "booking_id": "\(bookingID)", "error": "\(Redaction.scrub(failure.message))"])
                let result = failure.jobResult
                try await connections.recordSync(
                    businessID: businessID, bookingID: bookingID, eventID: nil, state: "failed", error: Redaction.scrub(failure.message))
                return result
            }
        } catch {
            return .retry("calendar sync could not be prepared: \(error)")
        }
    }

    /// One attempt, refreshing the access token once on a 401.
    func sync(
        _ booking: Booking, _ business: Business, _ connection: CalendarConnection, _ eventID: String,
        _ google: GoogleClient, _ credentials: Credentials
    ) async throws -> (state: String, updated: Date?) {
        try await credentials.withToken(connection) { token in
            try await apply(booking, business, connection.calendarID, eventID, google, token)
        }
    }

    /// Insert (409 → patch, which also brings back a cancelled event) or delete (404 / 410 → already gone); with
    /// Google's `updated` of the written event.
    func apply(
        _ booking: Booking, _ business: Business, _ calendarID: String, _ eventID: String,
        _ google: GoogleClient, _ token: String
    ) async throws -> (state: String, updated: Date?) {
        if booking.status == .cancelled {
            do {
                try await google.deleteEvent(accessToken: token, calendarID: calendarID, eventID: eventID)
            } catch let failure as GoogleFailure where failure.kind == .notFound || failure.kind == .gone {
                // Never created, or already deleted: either way the calendar is as it should be.
            }
            return ("deleted", nil)
        }
        do {
            let updated = try await google.insertEvent(
                accessToken: token, calendarID: calendarID, event: EventBody.make(booking, business: business, id: eventID))
            return ("synced", updated)
        } catch let failure as GoogleFailure where failure.kind == .conflict {
            // Created by an earlier attempt (or cancelled and now back): bring it up to date, status included.
            let updated = try await google.patchEvent(
                accessToken: token, calendarID: calendarID, eventID: eventID,
                event: EventBody.make(booking, business: business, id: nil))
            return ("synced", updated)
        }
    }
}
