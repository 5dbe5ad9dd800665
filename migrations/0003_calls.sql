-- Retell webhooks: one row per call kept current by each event, and every delivery kept verbatim.

CREATE TABLE calls (
    call_id              text PRIMARY KEY CHECK (length(call_id) BETWEEN 1 AND 200),
    business_id          uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    agent_id             text,
    direction            text,
    call_type            text,
    from_number          text,
    to_number            text,
    status               text,
    started_at           timestamptz,
    ended_at             timestamptz,
    duration_ms          bigint,
    disconnection_reason text,
    transcript           text,
    summary              text,
    sentiment            text,
    call_successful      boolean,
    in_voicemail         boolean,
    recording_url        text,
    cost                 jsonb,
    transferred          boolean NOT NULL DEFAULT false,
    outcome              text CHECK (outcome IN ('booked', 'modified', 'cancelled', 'message_taken', 'transferred', 'info_only', 'abandoned')),
    -- The call object merged from every event (unknown fields kept), and which event each field came from.
    merged               jsonb NOT NULL DEFAULT '{}',
    field_ranks          jsonb NOT NULL DEFAULT '{}',
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_business_idx ON calls (business_id, started_at DESC NULLS LAST, call_id);
CREATE INDEX calls_outcome_idx ON calls (business_id, outcome, started_at DESC);

CREATE TABLE call_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    call_id     text NOT NULL,
    event       text NOT NULL,
    -- event, or event + transfer start for transfer events: Retell's retries collapse onto it.
    dedupe_key  text NOT NULL,
    payload     text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (call_id, dedupe_key)
);
CREATE INDEX call_events_call_idx ON call_events (call_id, id);
