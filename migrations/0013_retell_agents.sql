-- Each business's phone agent as the platform provisioned it at Retell: the LLM, the agent and the number, the
-- create in flight (so a crash between Retell's answer and our write is recovered by finding what was made, never by
-- making it twice), and what was last published (its configuration's hash, so an unchanged sync calls nobody).
CREATE TABLE retell_agents (
    business_id       uuid PRIMARY KEY REFERENCES businesses (id) ON DELETE CASCADE,
    state             text NOT NULL CHECK (state IN ('connecting', 'connected', 'broken', 'disconnecting')),
    step              text CHECK (step IN ('llm', 'agent', 'number')),
    voice_id          text NOT NULL CHECK (length(voice_id) BETWEEN 1 AND 200),
    language          text NOT NULL DEFAULT 'en-US' CHECK (length(language) BETWEEN 2 AND 20),
    number_request    text NOT NULL CHECK (number_request ~ '^(import:\+[0-9]{8,15}|buy:[0-9]{3})$'),
    llm_id            text,
    agent_id          text,
    phone_number      text UNIQUE,
    number_purchased  boolean NOT NULL DEFAULT false,
    config_hash       text,
    published_version integer,
    last_sync_at      timestamptz,
    last_error        text,
    -- One operation at a time per business (connect, sync, disconnect): claimed with a conditional UPDATE, expiring.
    busy_until        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
