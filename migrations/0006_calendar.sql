-- Google Calendar: one connection per business (tokens sealed with AES-GCM, the key id beside them), the OAuth
-- states in flight (single use, short-lived), and each booking's event id and sync state.

CREATE TABLE calendar_connections (
    business_id          uuid PRIMARY KEY REFERENCES businesses (id) ON DELETE CASCADE,
    provider             text NOT NULL DEFAULT 'google' CHECK (provider = 'google'),
    status               text NOT NULL CHECK (status IN ('connected', 'invalid', 'disconnected')),
    account_email        text,
    calendar_id          text NOT NULL DEFAULT 'primary',
    scopes               text NOT NULL DEFAULT '',
    -- nonce ‖ ciphertext ‖ tag, bound to the business id and the token's role; NULL once wiped.
    refresh_token_sealed bytea,
    access_token_sealed  bytea,
    key_id               text,
    access_expires_at    timestamptz,
    busy_times_enabled   boolean NOT NULL DEFAULT false,
    last_sync_at         timestamptz,
    last_error           text,
    -- The owner is told once per invalidation, not once per failed job.
    invalid_notified_at  timestamptz,
    connected_at         timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oauth_states (
    id                     uuid PRIMARY KEY,
    business_id            uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    code_verifier_sealed   bytea NOT NULL,
    key_id                 text NOT NULL,
    expires_at             timestamptz NOT NULL,
    used_at                timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_expiry_idx ON oauth_states (expires_at);

-- (bookings.external_event_id exists since 0001.)
ALTER TABLE bookings
    ADD COLUMN calendar_sync_state text CHECK (calendar_sync_state IN ('synced', 'deleted', 'skipped', 'failed')),
    ADD COLUMN calendar_synced_at  timestamptz;
