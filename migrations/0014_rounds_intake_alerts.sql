-- The seed systems completed on the one engine: golf rounds with lengths and prices, a business's intake questions,
-- lengths a client may choose per appointment, and the owner's opt-in alerts of booking changes.

-- Golf: [{holes: NINE|EIGHTEEN, minutes, rates: [{from: "HH:MM", price_cents}]}]; empty keeps a tee time as long as its
-- interval. The prices' currency is the business's.
ALTER TABLE businesses
    ADD COLUMN round_types jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(round_types) = 'array'),
    ADD COLUMN currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    -- [{key, label, kind: text|choice, choices, required}]; the answers are sealed in bookings.pii.
    ADD COLUMN intake_questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(intake_questions) = 'array'),
    -- Which channels tell the owner of every new, changed and cancelled booking: email (the business's address) and/or
    -- sms (its transfer phone). Empty: none (the default; it is opt-in).
    ADD COLUMN booking_alerts text[] NOT NULL DEFAULT '{}' CHECK (booking_alerts <@ ARRAY['email', 'sms']::text[]);

-- Other lengths (minutes) a client may choose for a service, besides its duration_minutes.
ALTER TABLE services ADD COLUMN durations integer[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(durations) <= 6 AND 5 <= ALL (durations) AND 1440 >= ALL (durations));
