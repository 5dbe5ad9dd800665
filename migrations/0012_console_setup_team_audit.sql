-- The console's set-up, team and audit.

-- A business's street address (asked in the set-up's first step): an optional detail (see BusinessDetailField.all).
ALTER TABLE businesses ADD COLUMN address text CHECK (length(address) <= 300);

-- When someone stated the booking rules (the console's rules step, or onboarding through the API, which sends them):
-- the set-up checklist's "booking rules" item. Businesses that exist today were onboarded with their rules.
ALTER TABLE businesses ADD COLUMN rules_confirmed_at timestamptz;
UPDATE businesses SET rules_confirmed_at = created_at;

-- Where Google sends the browser back to after consent: a console page, or nowhere (the API's own result page).
ALTER TABLE oauth_states ADD COLUMN return_to text CHECK (return_to LIKE '/console/%' AND length(return_to) <= 200);

-- Invitations to a business's team. The link's secret is made when the email is sent (none waits in the outbox) and
-- kept only as a digest; a re-send replaces it. Single use, expiring.
CREATE TABLE account_invites (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    role        text NOT NULL CHECK (role IN ('owner', 'staff')),
    invited_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
    token_hash  bytea UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    revoked_at  timestamptz
);
CREATE INDEX account_invites_business_idx ON account_invites (business_id, created_at);

-- Who changed what, written in the same transaction as the change: console accounts, API keys, the platform.
CREATE TABLE audit_events (
    id          bigserial PRIMARY KEY,
    business_id uuid REFERENCES businesses (id) ON DELETE CASCADE,
    actor_type  text NOT NULL CHECK (actor_type IN ('account', 'api_key', 'platform', 'system')),
    actor_id    text CHECK (length(actor_id) <= 100),
    action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    detail      jsonb NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_business_idx ON audit_events (business_id, at);
