import Domain
import Foundation
import Logging
import Storage
import Workers

/// Runs `calendar_pull` jobs: reads the calendar's changes since the stored sync token, page by page (a full sync
/// when there is none, or when Google answers 410), and hands our events' changes to `CalendarFlagStore`; the token
/// is stored only after the last page. One pull at a time per calendar (the jobs share an ordering key) and at most
/// one queued (notifications are coalesced). The next pull is queued on a schedule whatever the outcome (every poll
/// interval without push, a few times a day with it: Google drops a small share of notifications), so a failure
/// never ends the chain; only a connection waiting for its owner to reconnect stops it (reconnecting starts anew).
public struct CalendarPullHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.calendarPull.rawValue]
    let google: GoogleClient?
    let credentials: Credentials?
    let connections: CalendarConnectionStore
    let watches: CalendarWatchStore
    let flags: CalendarFlagStore
    let busy: CalendarBusyStore
    let logger: Logger

    public init(google: GoogleClient?, credentials: Credentials?, database: Database, logger: Logger) {
        self.google = google
        self.credentials = credentials
        self.connections = CalendarConnectionStore(database: database)
        self.watches = CalendarWatchStore(database: database)
        self.flags = CalendarFlagStore(database: database)
        self.busy = CalendarBusyStore(database: database)
        self.logger = logger
    }

    /// How far back a full sync starts: bookings that have ended are left alone, so older events are never read.
    static let fullSyncSince: TimeInterval = 86_400

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let google, let credentials, let businessID = job.businessID else { return .done }
        do {
            guard let begun = try await watches.beginPull(businessID), let connection = try await connections.get(businessID),
                connection.version == begun.version, connection.status == .connected
            else { return .done }
            let every = connection.syncMode == "push" ? google.configuration.safetyPullInterval : google.configuration.pollInterval
            // Spread ±25 %: thousands of calendars must not all pull at the same second.
            var next = Date().addingTimeInterval(every * Double.random(in: 0.75 ... 1.25))
            do {
                let changed = try await pull(connection, from: begun.syncToken, google, credentials)
                if changed > 0 { logger.info("calendar changes from Google", metadata: ["business_id": "\(businessID)", "bookings": "\(changed)"]) }
            } catch let failure as GoogleFailure {
                try await watches.endPull(businessID, version: connection.version, syncToken: nil, error: Redaction.scrub(failure.message))
                if failure.kind == .invalidGrant { return .done }
                logger.warning("calendar pull failed", metadata: ["business_id": "\(businessID)", "error": "\(Redaction.scrub(failure.message))"])
                // Soon again after a passing failure (or when Google said), at the usual time after a lasting one.
                switch failure.kind {
                case .rateLimited(let until): next = max(until, Date().addingTimeInterval(60))
                case .permanent: break
                default: next = min(next, Date().addingTimeInterval(60))
                }
            }
            try await watches.requestPull(businessID, at: next)
            return .done
        } catch {
            return .retry("calendar pull could not be prepared: \(error)")
        }
    }

    /// Every page since `syncToken`; returns how many bookings changed. A 410 restarts as a full sync: flags are set
    /// only when they differ, so reading everything again duplicates nothing.
    func pull(_ connection: CalendarConnection, from syncToken: String?, _ google: GoogleClient, _ credentials: Credentials) async throws -> Int {
        let businessID = connection.businessID
        var syncToken = syncToken, pageToken: String?, changed = 0
        let since = Date().addingTimeInterval(-Self.fullSyncSince)
        // A full sync rebuilds the owner's busy events from nothing (another calendar or account may have been read before).
        if syncToken == nil { try await busy.wipe(businessID) }
        while true {
            let page: GoogleEventPage
            do {
                page = try await credentials.withToken(connection) { [syncToken, pageToken] token in
                    try await google.listEvents(
                        accessToken: token, calendarID: connection.calendarID, syncToken: syncToken, pageToken: pageToken, since: since)
                }
            } catch let failure as GoogleFailure where failure.kind == .gone && syncToken != nil {
                logger.notice("calendar sync token expired: full sync", metadata: ["business_id": "\(businessID)"])
                try await watches.forgetSyncToken(businessID, version: connection.version)
                try await busy.wipe(businessID)
                (syncToken, pageToken) = (nil, nil)
                continue
            }
            changed += try await flags.reconcile(businessID, items: Self.ours(page.items, businessID: businessID)).count
            let theirs = Self.theirs(page.items, businessID: businessID)
            try await busy.apply(businessID, busy: theirs.busy, gone: theirs.gone)
            if let next = page.nextPageToken {
                pageToken = next
                continue
            }
            try await watches.endPull(businessID, version: connection.version, syncToken: page.nextSyncToken, error: nil)
            return changed
        }
    }

    /// The items that may be our events: those whose private property names this business and whose id is the one we
    /// derive for that booking (a copy the owner made, or an occurrence of an event they made recurring, carries the
    /// same property under another id: theirs), and bare deletions (only an id: matched by the event id we stored).
    static func ours(_ items: [GoogleEventItem], businessID: UUID) -> [GoogleSyncItem] {
        items.compactMap { item in
            guard isOurs(item, businessID: businessID) || (item.bookingID == nil && item.cancelled) else { return nil }
            return GoogleSyncItem(
                eventID: item.id, bookingID: item.bookingID, cancelled: item.cancelled, start: item.start, end: item.end, updated: item.updated)
        }
    }

    static func isOurs(_ item: GoogleEventItem, businessID: UUID) -> Bool {
        guard let booking = item.bookingID, item.businessID == businessID else { return false }
        return item.id == EventBody.eventID(businessID: businessID, bookingID: booking)
    }

    /// The owner's own events (no booking of ours named): timed busy ones block time; cancelled, free and all-day ones
    /// (Google's all-day events are free unless marked busy; their dates have no zone here) do not.
    static func theirs(_ items: [GoogleEventItem], businessID: UUID) -> (busy: [(eventID: String, start: Date, end: Date)], gone: [String]) {
        var busy: [(eventID: String, start: Date, end: Date)] = [], gone: [String] = []
        for item in items where !isOurs(item, businessID: businessID) {
            if !item.cancelled, item.busy, let start = item.start, let end = item.end, start < end {
                busy.append((item.id, start, end))
            } else {
                gone.append(item.id)
            }
        }
        return (busy, gone)
    }
}
