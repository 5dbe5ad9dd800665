-- What the outbox sends: per-business templates and reminder lead time, and a log of every notification
-- (sent, skipped with its reason, or failed), so nothing is silently lost.

-- Minutes before a booking its reminder goes out; NULL turns reminders off for the business.
ALTER TABLE businesses ADD COLUMN reminder_lead_minutes integer DEFAULT 1440
    CHECK (reminder_lead_minutes IS NULL OR reminder_lead_minutes BETWEEN 15 AND 10080);

-- A business's own wording for one kind of message; absent kinds use the built-in defaults.
CREATE TABLE message_templates (
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    subject     text CHECK (length(subject) <= 200),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 1600),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (business_id, kind)
);

CREATE TABLE notifications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid REFERENCES businesses (id) ON DELETE CASCADE,
    job_id      bigint,
    kind        text NOT NULL,
    channel     text NOT NULL CHECK (channel IN ('sms', 'email', 'none')),
    -- Masked (last digits / first letter and domain): the log is for operators, not a copy of customer data.
    recipient   text,
    status      text NOT NULL CHECK (status IN ('sent', 'skipped', 'failed')),
    reason      text,
    provider_id text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_business_idx ON notifications (business_id, created_at DESC, id DESC);
-- A job that already delivered is never delivered again, even if its success was not recorded on the job.
CREATE UNIQUE INDEX notifications_sent_once_idx ON notifications (job_id) WHERE status = 'sent' AND job_id IS NOT NULL;
-- Operators look jobs up by state; the finished history is pruned by finished_at.
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state IN ('succeeded', 'dead', 'cancelled');
CREATE INDEX jobs_state_idx ON jobs (state, id) WHERE state <> 'succeeded';
