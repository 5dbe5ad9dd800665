-- pgbench (run with -M extended, as PostgresNIO talks to the server; -D spread=8 over the load businesses, 1 for a rush into one): the SQL one create_booking call runs (BookingService.create through FunctionsController), for
-- comparison with `receptionist loadtest`: the business lookup, then one transaction with the idempotency claim,
-- the business's lock, the live bookings of the days around (with open waitlist offers, packed in one row), the booking, its audit row, its outbox rows (the
-- confirmation, the calendar sync, the reminder) and the stored answer; then the tool-call audit row (its commit
-- not waiting for the disk). The personal
-- fields are sealed by the application: here random bytes and hashes of the same sizes (80-byte value, 17 tokens).
\set day random(29, 89)
\set slot random(0, 39)
\set party random(2, 6)
SELECT id AS biz FROM businesses WHERE slug LIKE 'load-%' ORDER BY id OFFSET (:client_id::int % :spread::int) LIMIT 1 \gset
BEGIN;
INSERT INTO idempotency_keys (business_id, scope, key, request_hash, state, expires_at)
VALUES (:biz::uuid, 'create_booking', 'pgbench-' || :client_id::text || '-' || md5(random()::text), '\x00', 'in_progress', now() + interval '2 minutes')
ON CONFLICT (business_id, scope, key) DO UPDATE SET state = 'in_progress' WHERE idempotency_keys.expires_at < now()
RETURNING key AS idem \gset
SELECT pg_advisory_xact_lock(hashtextextended(:biz::text, 7));
SELECT string_agg(uuid_send(id) || timestamptz_send(starts_at) || timestamptz_send(ends_at) || int4send(party_size)
                  || uuid_send(coalesce(staff_id, '00000000-0000-0000-0000-000000000000')) || timestamptz_send(busy_start)
                  || timestamptz_send(busy_end), ''::bytea)
FROM (SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at) AS busy_start,
             coalesce(busy_ends_at, ends_at) AS busy_end
      FROM bookings
      WHERE business_id = :biz::uuid AND status IN ('PENDING', 'CONFIRMED')
        AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 2) AND starts_at > date_trunc('day', now()) + make_interval(days => :day::int - 1) - interval '28 hours' AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day::int - 1)
      UNION ALL
      SELECT id, starts_at, ends_at, party_size, staff_id, starts_at, ends_at FROM waitlist_offers
      WHERE business_id = :biz::uuid AND status = 'open' AND expires_at > now() AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 2) AND ends_at > date_trunc('day', now()) + make_interval(days => :day::int - 1)
     ) AS live;
WITH b AS (
    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, busy_starts_at, busy_ends_at,
        party_size, customer_name, pii, customer_phone_bidx, search_tokens, service, staff_id, options, source, call_id)
    VALUES (:biz::uuid, upper(substr(md5(random()::text), 1, 10)), 'CONFIRMED',
        date_trunc('day', now()) + make_interval(days => :day::int, mins => 960 + 15 * :slot::int),
        date_trunc('day', now()) + make_interval(days => :day::int, mins => 1050 + 15 * :slot::int), NULL, NULL,
        :party, NULL, decode(repeat(md5(random()::text), 5), 'hex'), md5(random()::text),
        ARRAY(SELECT md5(random()::text || g) FROM generate_series(1, 17) g), NULL, NULL, '{}'::jsonb, 'phone', 'call_pgbench')
    ON CONFLICT (business_id, confirmation_code) DO NOTHING
    RETURNING *
)
SELECT b.id AS booking FROM b \gset
INSERT INTO booking_changes (business_id, booking_id, action, actor_type, actor_id, reason, before, after, call_id, request_id)
VALUES (:biz::uuid, :booking::uuid, 'created', 'agent', 'call_pgbench', NULL, NULL,
        jsonb_build_object('id', :booking::text, 'status', 'CONFIRMED', 'party_size', :party::int), 'call_pgbench', 'pgbench');
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
VALUES (:biz::uuid, 'booking_confirmed', jsonb_build_object('booking_id', :booking::text), now(), 'booking_confirmed:' || :booking::text, 'notify:' || :booking::text)
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
VALUES (:biz::uuid, 'calendar_sync', jsonb_build_object('booking_id', :booking::text), now(), NULL, 'booking:' || :booking::text)
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
SELECT b.id, 'booking_reminder', jsonb_build_object('booking_id', :booking::text),
       date_trunc('day', now()) + make_interval(days => :day::int) - make_interval(mins => b.reminder_lead_minutes),
       'reminder:' || :booking::text, 'reminder:' || :booking::text
FROM businesses b WHERE b.id = :biz::uuid AND b.reminder_lead_minutes IS NOT NULL
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
UPDATE idempotency_keys SET state = 'completed', response_status = 200, response_body = decode(repeat(md5(random()::text), 12), 'hex'), completed_at = now()
WHERE business_id = :biz::uuid AND scope = 'create_booking' AND key = :idem::text;
COMMIT;
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'create_booking', '{}'::jsonb, '{}'::jsonb, true, NULL, 1, false, decode(repeat(md5(random()::text), 25), 'hex')
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
