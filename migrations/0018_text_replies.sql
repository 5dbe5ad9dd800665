-- Customers' text replies. Replies come to the platform's one sender number, so each SMS we send records whom it went
-- to (a keyed hash of the number, platform-wide) for which business and booking: a reply finds its conversation.
CREATE TABLE sms_threads (
    phone_key    text NOT NULL,
    business_id  uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    booking_id   uuid,
    kind         text NOT NULL,
    last_sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (phone_key, business_id)
);
CREATE INDEX sms_threads_latest_idx ON sms_threads (phone_key, last_sent_at DESC);

-- Numbers that replied STOP (the platform-wide keyed hash): every business texts from the platform's one number, and
-- STOP stops that number's texts (as carriers and Twilio apply it), until START. `business_id`: whose text was answered.
CREATE TABLE sms_opt_outs (
    phone_key    text PRIMARY KEY,
    business_id  uuid REFERENCES businesses (id) ON DELETE SET NULL,
    opted_out_at timestamptz NOT NULL DEFAULT now()
);

-- Every text received, once per Twilio MessageSid: the body sealed, what it was read as, what came of it, our answer.
CREATE TABLE sms_replies (
    id          uuid PRIMARY KEY,
    message_sid text NOT NULL UNIQUE,
    business_id uuid REFERENCES businesses (id) ON DELETE CASCADE,
    sealed      bytea,
    intent      text,
    outcome     text,
    answer      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX sms_replies_business_idx ON sms_replies (business_id, created_at DESC);
