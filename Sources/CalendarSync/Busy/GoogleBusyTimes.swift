import Bookings
import Foundation
import Logging
import Storage
import Synchronization

/// The owner's Google Calendar busy times for availability: only for businesses that enabled them and are
/// connected, bounded by a short deadline; any trouble answers nil (Postgres alone) and says so. While a push channel
/// keeps the synced event list fresh they are read from it (one indexed query); otherwise by a free/busy call to
/// Google, cached briefly.
public final class GoogleBusyTimes: ExternalBusyTimes {
    let google: GoogleClient
    let credentials: Credentials
    let connections: CalendarConnectionStore
    let mirror: CalendarBusyStore
    let logger: Logger
    let ttl: TimeInterval
    private struct Entry {
        var intervals: [DateInterval]?
        var expires: Date
    }
    private let connectionCache = Mutex<[UUID: (CalendarConnection?, Date)]>([:])
    private let busyCache = Mutex<[String: Entry]>([:])

    public init(google: GoogleClient, credentials: Credentials, database: Database, logger: Logger, ttl: TimeInterval = 60) {
        self.google = google
        self.credentials = credentials
        self.connections = CalendarConnectionStore(database: database)
        self.mirror = CalendarBusyStore(database: database)
        self.logger = logger
        self.ttl = ttl
    }

    public func applies(to businessID: UUID) async -> Bool {
        guard let connection = await connection(businessID, now: Date()) else { return false }
        return connection.status == .connected && connection.busyTimesEnabled
    }

    public func busy(businessID: UUID, from: Date, to: Date) async -> [DateInterval]? {
        let now = Date()
        guard let connection = await connection(businessID, now: now), connection.status == .connected, connection.busyTimesEnabled else {
            return nil
        }
        let deadline = google.configuration.busyTimeout
        if Self.mirrorIsFresh(connection, now: now, safetyPull: google.configuration.safetyPullInterval) {
            do {
                return try await mirror.busy(businessID, from: from, to: to, timeout: .after(deadline))
            } catch {
                logger.warning("synced busy times unreadable: asking Google", metadata: ["business_id": "\(businessID)", "error": "\(error)"])
            }
        }
        let key = "\(businessID):\(Int(from.timeIntervalSince1970)):\(Int(to.timeIntervalSince1970))"
        if let hit = busyCache.withLock({ $0[key] }), hit.expires > now { return hit.intervals }
        let started = ContinuousClock.now
        do {
            let token = try await credentials.accessToken(connection)
            let left = deadline - (ContinuousClock.now - started)
            guard left > .zero else { throw GoogleFailure(.transient, "no time left after the token") }
            let intervals = try await google.freeBusy(accessToken: token, calendarID: connection.calendarID, from: from, to: to, timeout: left)
            busyCache.withLock { $0[key] = Entry(intervals: intervals, expires: now.addingTimeInterval(ttl)) }
            return intervals
        } catch {
            logger.warning(
                "availability from Postgres alone: Google busy times unavailable",
                metadata: ["business_id": "\(businessID)", "error": "\(error)"])
            return nil
        }
    }

    /// The synced list stands for the calendar while its channel is open and a pull has completed within the safety
    /// interval (with a quarter's spread and ten minutes' grace): notifications then bring changes within seconds.
    /// Polling (minutes behind) and a lapsed channel ask Google instead.
    static func mirrorIsFresh(_ c: CalendarConnection, now: Date, safetyPull: TimeInterval) -> Bool {
        guard c.syncMode == "push", c.syncToken != nil, let expires = c.channelExpiresAt, expires > now, let pulled = c.lastPullAt else {
            return false
        }
        return now.timeIntervalSince(pulled) < safetyPull * 1.25 + 600
    }

    /// The connection row, cached as long as the busy times (settings changes apply within a minute).
    func connection(_ businessID: UUID, now: Date) async -> CalendarConnection? {
        if let (hit, expires) = connectionCache.withLock({ $0[businessID] }), expires > now { return hit }
        let fresh = try? await connections.get(businessID)
        connectionCache.withLock { $0[businessID] = (fresh, now.addingTimeInterval(ttl)) }
        if let fresh, fresh.busyTimesEnabled, fresh.status != .connected {
            // Once per cache period, not once per call: the owner's busy times are off until they reconnect.
            logger.warning(
                "availability from Postgres alone: the Google Calendar connection is \(fresh.status.rawValue)",
                metadata: ["business_id": "\(businessID)"])
        }
        return fresh
    }

    /// Forgets what is cached for a business (its settings or connection changed).
    public func forget(_ businessID: UUID) {
        connectionCache.withLock { $0[businessID] = nil }
        busyCache.withLock { cache in cache = cache.filter { !$0.key.hasPrefix(businessID.uuidString) } }
    }
}
