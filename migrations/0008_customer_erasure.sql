-- Erasure of one customer's personal data on request: bookings stay as anonymous history.
-- booking_changes is append-only (its trigger refuses direct updates); the only way its snapshots change is this
-- trigger, fired by recording the erasure, so every rewrite of history leaves a row saying when and why.
CREATE TABLE customer_erasures (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id  uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    -- A keyed hash of the phone, not the phone: the record of an erasure must not keep what it erased.
    phone_digest text NOT NULL,
    bookings     integer NOT NULL DEFAULT 0,
    requested_by text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION erase_booking_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Runs inside the erasure's transaction, after the bookings were anonymised and marked in erased_bookings.
    UPDATE booking_changes c
    SET before = CASE WHEN c.before IS NULL THEN NULL
                      ELSE (c.before - 'customer_phone' - 'notes') || '{"customer_name": "(erased)"}'::jsonb END,
        after = (c.after - 'customer_phone' - 'notes') || '{"customer_name": "(erased)"}'::jsonb
    WHERE c.booking_id IN (SELECT booking_id FROM erased_bookings);
    RETURN NULL;
END;
$$;
CREATE TRIGGER customer_erasures_rewrite AFTER INSERT ON customer_erasures FOR EACH ROW EXECUTE FUNCTION erase_booking_snapshots();
