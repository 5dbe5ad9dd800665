-- Console accounts: the people who sign in to run their businesses. Passwords are kept only as bcrypt hashes;
-- sessions and emailed links only as SHA-256 digests of their secrets, so a copy of the database opens no door.
CREATE TABLE accounts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email             text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash     text NOT NULL CHECK (password_hash LIKE '$2%'),
    email_verified_at timestamptz,
    platform_admin    boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);

-- Which businesses an account may act on, and how: `owner` everything, `staff` the day's work only.
CREATE TABLE account_businesses (
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, business_id)
);
CREATE INDEX account_businesses_business_idx ON account_businesses (business_id);

-- Signed-in browsers: idle and absolute expiry; a new row (a new secret) at every log-in.
CREATE TABLE console_sessions (
    token_hash   bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 64),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_sessions_account_idx ON console_sessions (account_id);

-- Single-use, expiring links sent by email: verify an address (a new one, on a change), reset a password.
CREATE TABLE account_links (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    email      text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_links_account_idx ON account_links (account_id, purpose);

-- Failed log-ins by keyed digest (of the address typed, and of the client address), for throttling across replicas.
CREATE TABLE login_failures (
    key_hash bytea NOT NULL CHECK (length(key_hash) = 32),
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key_hash, at);
