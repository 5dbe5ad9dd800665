-- The booking engine and the Retell functions: routing calls to businesses, services and staff,
-- the audit of every function call, and messages taken by the agent.

-- Which Retell agent ids and phone numbers belong to which business (a call for another business is refused).
CREATE TABLE retell_routes (
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('agent_id', 'phone_number')),
    value       text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, value)
);
CREATE INDEX retell_routes_business_idx ON retell_routes (business_id);

-- Appointment businesses: what they offer and who does it.
CREATE TABLE services (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id           uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    duration_minutes      integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
    buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
    buffer_after_minutes  integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
    active                boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX services_name_idx ON services (business_id, lower(name));

CREATE TABLE staff (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX staff_name_idx ON staff (business_id, lower(name));

CREATE TABLE staff_services (
    business_id uuid NOT NULL,
    staff_id    uuid NOT NULL,
    service_id  uuid NOT NULL,
    PRIMARY KEY (staff_id, service_id),
    FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id) ON DELETE CASCADE,
    FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id) ON DELETE CASCADE
);

-- Optional working hours of a staff member (within the business hours); none means the business hours.
CREATE TABLE staff_hours (
    business_id uuid NOT NULL,
    staff_id    uuid NOT NULL,
    weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens       time NOT NULL CHECK (opens < '24:00'),
    closes      time NOT NULL,
    CHECK (opens <> closes),
    PRIMARY KEY (staff_id, weekday, opens),
    FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id) ON DELETE CASCADE
);

ALTER TABLE bookings
    ADD COLUMN staff_id uuid,
    ADD COLUMN service_id uuid,
    -- The staff member's busy time (the booking widened by the service's buffers).
    ADD COLUMN busy_starts_at timestamptz,
    ADD COLUMN busy_ends_at timestamptz,
    ADD FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id),
    ADD FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id);
CREATE INDEX bookings_phone_idx ON bookings (business_id, customer_phone, starts_at) WHERE customer_phone IS NOT NULL;

-- Every function call the agent made: name, arguments, answer, latency, call id (audit and call outcomes).
CREATE TABLE tool_calls (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    call_id     text,
    name        text NOT NULL,
    arguments   jsonb NOT NULL,
    response    jsonb NOT NULL,
    ok          boolean NOT NULL,
    error_code  text,
    latency_ms  double precision NOT NULL,
    replayed    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tool_calls_call_idx ON tool_calls (call_id, id) WHERE call_id IS NOT NULL;
CREATE INDEX tool_calls_business_idx ON tool_calls (business_id, created_at);

-- Messages the agent took for the owner.
CREATE TABLE messages (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id  uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    call_id      text,
    caller_name  text,
    caller_phone text,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    urgent       boolean NOT NULL DEFAULT false,
    handled_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_business_idx ON messages (business_id, handled_at NULLS FIRST, created_at DESC);
