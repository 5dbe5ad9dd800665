import Domain
import Foundation
import PostgresNIO

/// A business's calendar connection as the product reads it; the tokens stay sealed until a sync needs them.
public struct CalendarConnection: Sendable, Equatable {
    public enum Status: String, Sendable { case connected, invalid, disconnected }
    public var businessID: UUID
    public var status: Status
    public var accountEmail: String?
    public var calendarID: String
    public var scopes: String
    public var refreshToken: SecretBox.Sealed?
    public var accessToken: SecretBox.Sealed?
    public var accessExpiresAt: Date?
    public var busyTimesEnabled: Bool
    public var lastSyncAt: Date?
    public var lastError: String?
    public var connectedAt: Date?
    /// Raised by every connect and disconnect: what a process cached for an older version (an access token, a calendar)
    /// is not used again, whichever process made the change.
    public var version: Int64 = 1
    /// How Google's changes reach us: a push channel, polling, or not set up yet.
    public var syncMode: String = "none"
    public var channelID: String?
    public var channelResourceID: String?
    public var channelCalendarID: String?
    public var channelExpiresAt: Date?
    public var syncToken: String?
    /// The last pull that reached its last page.
    public var lastPullAt: Date?
    /// Why the last pull failed, or why Google's changes are polled rather than pushed.
    public var lastPullError: String?
}

/// `calendar_connections`: connect, refresh, invalidate and disconnect, each one statement.
public struct CalendarConnectionStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func get(_ businessID: UUID) async throws -> CalendarConnection? {
        let rows = try await database.query(
            """
            SELECT status, account_email, calendar_id, scopes, refresh_token_sealed, access_token_sealed, key_id, access_expires_at,
                   busy_times_enabled, last_sync_at, last_error, connected_at, version, sync_mode, channel_id, channel_resource_id,
                   channel_calendar_id, channel_expires_at, sync_token, last_pull_at,
                   last_pull_error
            FROM calendar_connections WHERE business_id = \(businessID)
            """)
        for try await row in rows {
            let c = row.makeRandomAccess()
            let keyID = try c[6].decode(String?.self)
            let seal = { (bytes: Data?) in bytes.flatMap { b in keyID.map { SecretBox.Sealed(keyID: $0, combined: Array(b)) } } }
            return CalendarConnection(
                businessID: businessID, status: .init(rawValue: try c[0].decode(String.self)) ?? .invalid,
                accountEmail: try c[1].decode(String?.self), calendarID: try c[2].decode(String.self), scopes: try c[3].decode(String.self),
                refreshToken: seal(try c[4].decode(Data?.self)), accessToken: seal(try c[5].decode(Data?.self)),
                accessExpiresAt: try c[7].decode(Date?.self), busyTimesEnabled: try c[8].decode(Bool.self),
                lastSyncAt: try c[9].decode(Date?.self), lastError: try c[10].decode(String?.self), connectedAt: try c[11].decode(Date?.self),
                version: try c[12].decode(Int64.self), syncMode: try c[13].decode(String.self), channelID: try c[14].decode(String?.self),
                channelResourceID: try c[15].decode(String?.self), channelCalendarID: try c[16].decode(String?.self),
                channelExpiresAt: try c[17].decode(Date?.self), syncToken: try c[18].decode(String?.self),
                lastPullAt: try c[19].decode(Date?.self), lastPullError: try c[20].decode(String?.self))
        }
        return nil
    }

    /// Records a fresh connection (a reconnect replaces the tokens and clears the invalid state, raises the version and
    /// starts the two-way sync afresh: perhaps another account) and, in the same transaction, wakes the sync jobs that
    /// waited for it, back-fills the upcoming bookings and queues the watch job that opens its push channel.
    public func connect(
        _ businessID: UUID, accountEmail: String?, scopes: String, refreshToken: SecretBox.Sealed,
        accessToken: SecretBox.Sealed, accessExpiresAt: Date
    ) async throws -> Int {
        try await database.transaction { session in
            let logger = database.logger
            try await session.query(
                """
                INSERT INTO calendar_connections (business_id, status, account_email, scopes, refresh_token_sealed, access_token_sealed,
                                                  key_id, access_expires_at, connected_at, last_error, invalid_notified_at)
                VALUES (\(businessID), 'connected', \(accountEmail), \(scopes), \(Data(refreshToken.combined)), \(Data(accessToken.combined)),
                        \(refreshToken.keyID), \(accessExpiresAt), now(), NULL, NULL)
                ON CONFLICT (business_id) DO UPDATE SET status = 'connected', account_email = EXCLUDED.account_email,
                    scopes = EXCLUDED.scopes, refresh_token_sealed = EXCLUDED.refresh_token_sealed,
                    access_token_sealed = EXCLUDED.access_token_sealed, key_id = EXCLUDED.key_id,
                    access_expires_at = EXCLUDED.access_expires_at, connected_at = now(), last_error = NULL,
                    invalid_notified_at = NULL, updated_at = now(), version = calendar_connections.version + 1,
                    sync_mode = 'none', sync_token = NULL, channel_calendar_id = NULL
                """)
            try await Outbox.enqueue(.calendarWatch(businessID: businessID), businessID: businessID, in: session)
            try await session.query(
                """
                UPDATE jobs SET run_at = now(), updated_at = now()
                WHERE kind IN ('calendar_sync', 'calendar_watch', 'calendar_pull') AND business_id = \(businessID)
                  AND state IN ('available', 'failed') AND run_at > now()
                """)
            // Bookings made before the connection (or while it was invalid) and still ahead get a sync job each.
            var backfilled = 0
            for try await _ in try await session.query(
                """
                INSERT INTO jobs (business_id, kind, payload, ordering_key)
                SELECT b.business_id, 'calendar_sync', jsonb_build_object('booking_id', b.id::text), 'booking:' || b.id::text
                FROM bookings b
                WHERE b.business_id = \(businessID) AND b.status IN ('PENDING', 'CONFIRMED') AND b.ends_at > now()
                  AND (b.calendar_sync_state IS DISTINCT FROM 'synced')
                  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.ordering_key = 'booking:' || b.id::text AND j.state IN ('available', 'failed',
                  'running'))
                RETURNING 1
                """)
            { backfilled += 1 }
            return backfilled
        }
    }

    /// A refreshed access token, stored only on the connection version it was refreshed for (a reconnect meanwhile
    /// brought its own tokens, which an old account's token must not overwrite).
    public func updateAccessToken(_ businessID: UUID, version: Int64, sealed: SecretBox.Sealed, expiresAt: Date) async throws {
        _ = try await database.query(
            """
            UPDATE calendar_connections SET access_token_sealed = \(Data(sealed.combined)), key_id = \(sealed.keyID),
                access_expires_at = \(expiresAt), updated_at = now()
            WHERE business_id = \(businessID) AND status = 'connected' AND version = \(version)
            """
        ).collect()
    }

    /// Marks the connection invalid; true only for the call that flipped it, so the owner is told once.
    public func markInvalid(_ businessID: UUID, version: Int64, reason: String) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE calendar_connections SET status = 'invalid', last_error = \(reason), access_token_sealed = NULL,
                invalid_notified_at = now(), updated_at = now()
            WHERE business_id = \(businessID) AND status = 'connected' AND version = \(version) RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Forgets the tokens; the row stays as `disconnected` so the owner sees what happened.
    /// Wipes the tokens; `audit` says who did it, in the same transaction.
    public func disconnect(_ businessID: UUID, audit: AuditEntry? = nil) async throws {
        try await database.transaction { session in
            try await session.query(
                """
                UPDATE calendar_connections SET status = 'disconnected', refresh_token_sealed = NULL, access_token_sealed = NULL,
                    access_expires_at = NULL, updated_at = now(), version = version + 1, sync_mode = 'none', sync_token = NULL,
                    channel_id = NULL, channel_resource_id = NULL, channel_token_hash = NULL,
                    channel_calendar_id = NULL, channel_expires_at = NULL
                WHERE business_id = \(businessID)
                """)
            try await AuditSQL.record(audit?.about(businessID), in: session)
        }
    }

    public func updateSettings(_ businessID: UUID, calendarID: String?, busyTimesEnabled: Bool?, audit: AuditEntry? = nil) async throws {
        try await database.transaction { session in
            try await session.query(
                """
                UPDATE calendar_connections SET calendar_id = coalesce(\(calendarID), calendar_id),
                    busy_times_enabled = coalesce(\(busyTimesEnabled), busy_times_enabled), updated_at = now(),
                    sync_token = CASE WHEN coalesce(\(calendarID), calendar_id) = calendar_id THEN sync_token END,
                    -- Another calendar is another connection for the jobs in flight (their pull must not store its token).
                    version = CASE WHEN coalesce(\(calendarID), calendar_id) = calendar_id THEN version ELSE version + 1 END
                WHERE business_id = \(businessID)
                """)
            // Another calendar: its own channel and a full sync (the watch job stops the old calendar's channel).
            if calendarID != nil {
                try await session.query(
                    """
                    INSERT INTO jobs (business_id, kind, payload, ordering_key)
                    SELECT business_id, 'calendar_watch', '{}', 'calendar-watch:' || business_id::text FROM calendar_connections
                    WHERE business_id = \(businessID) AND status = 'connected' AND channel_calendar_id IS DISTINCT FROM calendar_id
                    """)
            }
            try await AuditSQL.record(audit?.about(businessID), in: session)
        }
    }

    /// The outcome of one sync: on the booking (event id, state) and on the connection (last sync, last error).
    public func recordSync(
        businessID: UUID, bookingID: UUID, eventID: String?, state: String, error: String?, eventUpdated: Date? = nil
    ) async throws {
        try await database.transaction { session in
            try await session.query(
                """
                UPDATE bookings SET external_event_id = coalesce(\(eventID), external_event_id), external_provider = 'google',
                    calendar_sync_state = \(state),
                    calendar_synced_at = now(), calendar_event_updated = coalesce(\(eventUpdated), calendar_event_updated)
                WHERE id = \(bookingID)
                """)
            try await session.query(
                """
                UPDATE calendar_connections SET last_sync_at = CASE WHEN \(error)::text IS NULL THEN now() ELSE last_sync_at END,
                    last_error = \(error), updated_at = now()
                WHERE business_id = \(businessID)
                """)
        }
    }
}
