import Crypto
import Foundation
import PostgresNIO

/// The two-way sync's state on a calendar connection: its push channel (the secret kept only as a hash), the
/// incremental sync's token, and the one pull job queued at a time. Writes name the connection's version, so a job
/// that started before a reconnect or disconnect changes nothing of the new connection.
public struct CalendarWatchStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The connection a notification's channel id names, with the channel's secret hash and Google's resource id.
    public struct Listener: Sendable {
        public var businessID: UUID
        public var tokenHash: [UInt8]
        public var resourceID: String
    }

    public func listener(channelID: String) async throws -> Listener? {
        for try await (business, hash, resource) in try await database.query(
            """
            SELECT business_id, channel_token_hash, channel_resource_id FROM calendar_connections
            WHERE channel_id = \(channelID) AND status = 'connected' AND channel_token_hash IS NOT NULL
            """
        ).decode((UUID, Data, String).self) {
            return Listener(businessID: business, tokenHash: Array(hash), resourceID: resource)
        }
        return nil
    }

    /// Hash of a channel's secret token as stored: a leaked table does not let anyone forge notifications.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    /// Asks for a pull of Google's changes at `at` (now by default). Coalesced: while a pull waits (queued, or failed
    /// and waiting to retry) no other is added and a later one (the polling schedule) is brought forward; a pull
    /// already running does not count, so a change during a sync queues exactly one more. The connection's row is
    /// locked first and the queue read by a second statement, so two notifications at once cannot both add one.
    /// Most notifications of a burst find a pull already due and not yet claimed: it will read every change made
    /// before it starts (a claim commits `running` before the handler lists), so they answer without locking
    /// anything, and a storm never queues behind one row lock. True when a pull was queued or brought forward.
    @discardableResult
    public func requestPull(_ businessID: UUID, at: Date? = nil) async throws -> Bool {
        let when = at ?? Date()
        for try await due in try await database.query(
            """
            SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = 'calendar_pull' AND business_id = \(businessID)
                           AND state IN ('available', 'failed') AND run_at <= \(when))
            """
        ).decode(Bool.self) where due { return false }
        return try await database.transaction { session in
            var connected = false
            for try await _ in try await session.query(
                "SELECT 1 FROM calendar_connections WHERE business_id = \(businessID) AND status = 'connected' FOR UPDATE")
            { connected = true }
            guard connected else { return false }
            var changed = 0
            for try await n in try await session.query(
                """
                WITH sooner AS (
                    UPDATE jobs SET run_at = \(when), updated_at = now()
                    WHERE kind = 'calendar_pull' AND business_id = \(businessID) AND state IN ('available', 'failed') AND run_at > \(when)
                    RETURNING id
                ), queued AS (
                    INSERT INTO jobs (business_id, kind, payload, run_at, ordering_key)
                    SELECT \(businessID), 'calendar_pull', '{}', \(when), 'calendar:' || \(businessID)::text
                    WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'calendar_pull' AND business_id = \(businessID)
                                      AND state IN ('available', 'failed'))
                    RETURNING id
                )
                SELECT ((SELECT count(*) FROM queued) + (SELECT count(*) FROM sooner))::int
                """
            ).decode(Int.self) { changed = n }
            return changed > 0
        }
    }

    /// A pull starts with the connection's version and its stored token. Nil: the connection is gone or not connected.
    public func beginPull(_ businessID: UUID) async throws -> (version: Int64, syncToken: String?)? {
        for try await (version, token) in try await database.query(
            "SELECT version, sync_token FROM calendar_connections WHERE business_id = \(businessID) AND status = 'connected'"
        ).decode((Int64, String?).self) {
            return (version, token)
        }
        return nil
    }

    /// The sync token of a pull that reached its last page (nil: forget it, a full sync comes next), its outcome,
    /// for the connection version that pull read.
    public func endPull(_ businessID: UUID, version: Int64, syncToken: String?, error: String?) async throws {
        _ = try await database.query(
            """
            UPDATE calendar_connections SET
                sync_token = CASE WHEN \(error)::text IS NULL THEN \(syncToken) ELSE sync_token END,
                last_pull_at = CASE WHEN \(error)::text IS NULL THEN now() ELSE last_pull_at END,
                -- In polling mode the reason for polling stays until a failure says more.
                last_pull_error = CASE WHEN \(error)::text IS NULL AND sync_mode = 'polling' THEN last_pull_error ELSE \(error) END
            WHERE business_id = \(businessID) AND version = \(version)
            """
        ).collect()
    }

    /// Forgets the sync token (Google answered 410): the next page read is a full sync's.
    public func forgetSyncToken(_ businessID: UUID, version: Int64) async throws {
        _ = try await database.query(
            "UPDATE calendar_connections SET sync_token = NULL WHERE business_id = \(businessID) AND version = \(version)"
        ).collect()
    }

    /// The channel a watch job opened, and its renewal queued a day before it expires (or at four fifths of a shorter
    /// life), in one transaction; returns the channel it replaces, for the job to stop. Nil and nothing stored when
    /// the connection changed meanwhile (the channel is then stopped by the caller too).
    public func saveChannel(
        _ businessID: UUID, version: Int64, calendarID: String, id: String, resourceID: String, tokenHash: [UInt8], expires: Date,
        now: Date = Date()
    ) async throws -> (saved: Bool, replaced: (id: String, resourceID: String)?) {
        try await database.transaction { session in
            var old: (String, String)?
            var found = false
            for try await (oldID, oldResource) in try await session.query(
                """
                SELECT channel_id, channel_resource_id FROM calendar_connections
                WHERE business_id = \(businessID) AND version = \(version) AND status = 'connected' FOR UPDATE
                """
            ).decode((String?, String?).self) {
                found = true
                if let oldID, let oldResource { old = (oldID, oldResource) }
            }
            guard found else { return (false, nil) }
            try await session.query(
                """
                UPDATE calendar_connections SET sync_mode = 'push', channel_id = \(id), channel_resource_id = \(resourceID),
                    channel_token_hash = \(Data(tokenHash)), channel_calendar_id = \(calendarID), channel_expires_at = \(expires),
                    last_error = NULL, updated_at = now()
                WHERE business_id = \(businessID)
                """)
            let life = expires.timeIntervalSince(now)
            let renewAt = life > 5 * 86_400 ? expires.addingTimeInterval(-86_400) : now.addingTimeInterval(max(life * 0.8, 1))
            try await Outbox.enqueue(.calendarWatch(businessID: businessID, renewing: id, at: renewAt), businessID: businessID, in: session)
            return (true, old.map { (id: $0.0, resourceID: $0.1) })
        }
    }

    /// Push is not available (no public address, or Google refused the channel): Google's changes are polled instead,
    /// the reason kept for the admin. Returns the channel that was open, for the caller to stop.
    public func usePolling(_ businessID: UUID, version: Int64, reason: String) async throws -> (id: String, resourceID: String)? {
        for try await (id, resource) in try await database.query(
            """
            UPDATE calendar_connections c SET sync_mode = 'polling', channel_id = NULL, channel_resource_id = NULL,
                channel_token_hash = NULL, channel_calendar_id = NULL, channel_expires_at = NULL, last_pull_error = \(reason)
            FROM (SELECT business_id, channel_id, channel_resource_id FROM calendar_connections
                  WHERE business_id = \(businessID) AND version = \(version) FOR UPDATE) old
            WHERE c.business_id = old.business_id
            RETURNING old.channel_id, old.channel_resource_id
            """
        ).decode((String?, String?).self) {
            if let id, let resource { return (id, resource) }
        }
        return nil
    }
}
