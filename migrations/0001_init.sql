-- Receptionist: the first schema. Every business-owned row carries business_id, and every query filters by it.

CREATE TABLE businesses (
    id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                     text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) BETWEEN 2 AND 63),
    name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                     text NOT NULL CHECK (kind IN ('restaurant', 'appointments', 'tee_times')),
    timezone                 text NOT NULL,
    phone                    text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    transfer_phone           text CHECK (transfer_phone ~ '^\+[1-9][0-9]{6,14}$'),
    email                    text CHECK (length(email) <= 254),
    -- Booking policy (validated by the domain module; the checks here are the last line of defence).
    slot_interval_minutes    integer NOT NULL CHECK (slot_interval_minutes BETWEEN 5 AND 240),
    min_notice_minutes       integer NOT NULL CHECK (min_notice_minutes >= 0),
    booking_horizon_days     integer NOT NULL CHECK (booking_horizon_days BETWEEN 1 AND 730),
    min_party_size           integer NOT NULL CHECK (min_party_size >= 1),
    max_party_size           integer NOT NULL CHECK (max_party_size >= min_party_size),
    capacity                 integer CHECK (capacity > 0),
    default_duration_minutes integer NOT NULL CHECK (default_duration_minutes BETWEEN 5 AND 1440),
    turn_times               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(turn_times) = 'array'),
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX businesses_created_idx ON businesses (created_at, id);

-- Weekly hours: several ranges per ISO weekday (1 = Monday). closes <= opens means the range passes midnight;
-- closes = '24:00' ends exactly at midnight.
CREATE TABLE business_hours (
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens       time NOT NULL CHECK (opens < '24:00'),
    closes      time NOT NULL,
    CHECK (opens <> closes),
    PRIMARY KEY (business_id, weekday, opens)
);

-- Exceptions for one local date: closed all day, or special hours (a JSON array of {opens, closes}).
CREATE TABLE business_date_overrides (
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    date        date NOT NULL,
    closed      boolean NOT NULL,
    hours       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(hours) = 'array'),
    reason      text CHECK (length(reason) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (closed = (jsonb_array_length(hours) = 0)),
    PRIMARY KEY (business_id, date)
);

-- API keys: the public id finds the row; only a SHA-256 of the whole key is stored.
CREATE TABLE api_keys (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id    uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    public_id      text NOT NULL UNIQUE,
    secret_hash    bytea NOT NULL CHECK (length(secret_hash) = 32),
    display_prefix text NOT NULL,
    name           text NOT NULL DEFAULT 'default' CHECK (length(name) BETWEEN 1 AND 100),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX api_keys_business_idx ON api_keys (business_id, created_at);

CREATE TABLE customers (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    name        text,
    phone       text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    email       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX customers_phone_idx ON customers (business_id, phone) WHERE phone IS NOT NULL;

CREATE TABLE bookings (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id       uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    customer_id       uuid,
    confirmation_code text NOT NULL,
    status            text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'NO_SHOW')),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    party_size        integer NOT NULL CHECK (party_size > 0),
    service           text,
    options           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(options) = 'object'),
    customer_name     text,
    customer_phone    text,
    notes             text CHECK (length(notes) <= 2000),
    source            text NOT NULL CHECK (source IN ('phone', 'owner', 'api', 'walk_in')),
    call_id           text,
    external_provider text,
    external_event_id text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    cancelled_at      timestamptz,
    CHECK (ends_at > starts_at),
    UNIQUE (business_id, confirmation_code),
    -- The customer must belong to the same business.
    FOREIGN KEY (business_id, customer_id) REFERENCES customers (business_id, id)
);
-- Availability reads the live bookings of one business around one day.
CREATE INDEX bookings_live_idx ON bookings (business_id, starts_at) WHERE status IN ('PENDING', 'CONFIRMED');
CREATE INDEX bookings_customer_idx ON bookings (business_id, customer_id, starts_at);
CREATE INDEX bookings_call_idx ON bookings (call_id) WHERE call_id IS NOT NULL;

-- Append-only: one row per booking mutation, written in the mutation's transaction.
CREATE TABLE booking_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    booking_id  uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    action      text NOT NULL CHECK (action IN ('created', 'modified', 'cancelled', 'status_changed', 'restored', 'anonymized')),
    actor_type  text NOT NULL CHECK (actor_type IN ('agent', 'owner', 'platform', 'system')),
    actor_id    text,
    reason      text,
    before      jsonb,
    after       jsonb NOT NULL,
    call_id     text,
    request_id  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_changes_booking_idx ON booking_changes (booking_id, id);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER booking_changes_append_only BEFORE UPDATE OR DELETE ON booking_changes
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION forbid_change();

-- Stored answers for retried requests (Retell retries, LLMs repeat calls). Scope separates callers.
CREATE TABLE idempotency_keys (
    business_id     uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    scope           text NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    bytea NOT NULL,
    state           text NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status integer,
    response_body   bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    expires_at      timestamptz NOT NULL DEFAULT now() + interval '48 hours',
    PRIMARY KEY (business_id, scope, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

-- The transactional outbox: jobs written in the same transaction as the change that causes them.
CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id  uuid REFERENCES businesses (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    state        text NOT NULL DEFAULT 'available'
                 CHECK (state IN ('available', 'running', 'succeeded', 'failed', 'dead', 'cancelled')),
    priority     smallint NOT NULL DEFAULT 0,
    attempt      integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 20 CHECK (max_attempts > 0),
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    errors       jsonb NOT NULL DEFAULT '[]',
    dedupe_key   text,
    ordering_key text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
-- Claims scan only runnable rows, however large the finished history grows.
CREATE INDEX jobs_runnable_idx ON jobs (priority, run_at, id) WHERE state IN ('available', 'failed');
-- Dedupe enforced by the database, not by a racing query.
CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_ordering_idx ON jobs (ordering_key, id) WHERE ordering_key IS NOT NULL AND state NOT IN ('succeeded', 'dead', 'cancelled');
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
