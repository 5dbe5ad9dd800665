-- Google Calendar both ways: a push channel per connection (its secret token kept only as a SHA-256), the incremental
-- sync's token, the connection's version (credential caches key on it), and
-- a booking's flag when its event was deleted or moved in Google by someone other than us.

ALTER TABLE calendar_connections
    ADD COLUMN version             bigint NOT NULL DEFAULT 1,
    ADD COLUMN sync_mode           text NOT NULL DEFAULT 'none' CHECK (sync_mode IN ('none', 'push', 'polling')),
    ADD COLUMN sync_token          text,
    ADD COLUMN channel_id          text UNIQUE,
    ADD COLUMN channel_resource_id text,
    ADD COLUMN channel_token_hash  bytea,
    ADD COLUMN channel_calendar_id text,
    ADD COLUMN channel_expires_at  timestamptz,
    ADD COLUMN last_pull_at        timestamptz,
    ADD COLUMN last_pull_error     text;

ALTER TABLE bookings
    ADD COLUMN calendar_flag       text CHECK (calendar_flag IN ('removed', 'moved')),
    ADD COLUMN calendar_flag_start timestamptz,
    ADD COLUMN calendar_flag_end   timestamptz,
    ADD COLUMN calendar_flagged_at timestamptz,
    -- Google's `updated` of our last write of the event: a listed version older than it predates our write.
    ADD COLUMN calendar_event_updated timestamptz;
CREATE INDEX bookings_calendar_flag_idx ON bookings (business_id, starts_at) WHERE calendar_flag IS NOT NULL;

-- Connections made before this version get their channel (or polling) now: a watch job each.
INSERT INTO jobs (business_id, kind, payload, ordering_key)
SELECT business_id, 'calendar_watch', '{}', 'calendar-watch:' || business_id::text
FROM calendar_connections WHERE status = 'connected';

-- The owner's own timed, opaque events (not ours), as the pulls last saw them: availability reads busy times from
-- here instead of a free/busy call per check while the push channel keeps it fresh. A full sync rebuilds it.
CREATE TABLE calendar_busy_events (
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    event_id    text NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
    PRIMARY KEY (business_id, event_id)
);
CREATE INDEX calendar_busy_events_time_idx ON calendar_busy_events (business_id, ends_at, starts_at);
