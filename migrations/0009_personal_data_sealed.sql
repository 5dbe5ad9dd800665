-- Customers' personal data at rest: sealed (AES-256-GCM, by the application, which alone holds the key) and found
-- again through blind indexes (keyed hashes). The plain columns stay for rows written before this migration, until
-- `receptionist migrate` has sealed them (it does so right after applying this file); new rows leave them NULL.

-- Bookings: {name, phone, email, notes} sealed; the phone's index for exact lookups (find_booking, a customer's
-- bookings, erasure) and search tokens (name prefixes, phone endings) for the owner's searches.
ALTER TABLE bookings
    ADD COLUMN pii bytea,
    ADD COLUMN customer_phone_bidx text,
    ADD COLUMN search_tokens text[];
CREATE INDEX bookings_phone_bidx_idx ON bookings (business_id, customer_phone_bidx, starts_at) WHERE customer_phone_bidx IS NOT NULL;
CREATE INDEX bookings_search_idx ON bookings USING gin (search_tokens);

-- Messages: {name, phone, body} sealed (a message is the caller's own words).
ALTER TABLE messages
    ADD COLUMN sealed bytea,
    ADD COLUMN caller_phone_bidx text,
    ALTER COLUMN body DROP NOT NULL;
ALTER TABLE messages DROP CONSTRAINT messages_body_check;
ALTER TABLE messages ADD CONSTRAINT messages_body_check CHECK (body IS NULL OR length(body) BETWEEN 1 AND 4000);
CREATE INDEX messages_caller_bidx_idx ON messages (business_id, caller_phone_bidx) WHERE caller_phone_bidx IS NOT NULL;

-- Calls: the merged call object (numbers, transcript, summary, recording) sealed; the caller's index for erasure.
ALTER TABLE calls
    ADD COLUMN pii bytea,
    ADD COLUMN from_phone_bidx text;
CREATE INDEX calls_from_bidx_idx ON calls (business_id, from_phone_bidx) WHERE from_phone_bidx IS NOT NULL;

-- Every webhook body, and every function call's arguments and answer, sealed.
ALTER TABLE call_events
    ADD COLUMN payload_sealed bytea,
    ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE tool_calls ADD COLUMN sealed bytea;
-- (idempotency_keys.response_body holds the sealed answer in place: a sealed value starts with byte 0x01.)

-- Audit snapshots stop carrying personal data (nothing reads those fields; the booking row holds them, sealed).
-- Stripping the existing ones is the second sanctioned rewrite of the append-only table, done once, here.
ALTER TABLE booking_changes DISABLE TRIGGER booking_changes_append_only;
UPDATE booking_changes
SET before = CASE WHEN before IS NULL THEN NULL ELSE before - 'customer_name' - 'customer_phone' - 'notes' END,
    after  = after - 'customer_name' - 'customer_phone' - 'notes'
WHERE after ?| array['customer_name', 'customer_phone', 'notes'] OR before ?| array['customer_name', 'customer_phone', 'notes'];
ALTER TABLE booking_changes ENABLE TRIGGER booking_changes_append_only;

-- An erasure also drops the reasons written on the erased bookings' history (a caller's own words when they
-- cancelled), keeping the erasure's own row.
CREATE OR REPLACE FUNCTION erase_booking_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE booking_changes c
    SET before = CASE WHEN c.before IS NULL THEN NULL
                      ELSE (c.before - 'customer_name' - 'customer_phone' - 'notes') END,
        after = (c.after - 'customer_name' - 'customer_phone' - 'notes'),
        reason = CASE WHEN c.action = 'anonymized' THEN c.reason ELSE NULL END
    WHERE c.booking_id IN (SELECT booking_id FROM erased_bookings);
    RETURN NULL;
END;
$$;

-- The customers table was never written; its plain personal columns go.
ALTER TABLE customers DROP COLUMN IF EXISTS name, DROP COLUMN IF EXISTS phone, DROP COLUMN IF EXISTS email;
