-- pgbench (run with -M extended, as PostgresNIO talks to the server; -D spread=8 over the load businesses, 1 for a rush into one): the SQL one create_booking call runs (BookingService.create through FunctionsController), for
-- comparison with `scripts/loadtest wrk`, statement for statement: one transaction with the idempotency claim that also
-- takes the business's lock if it is free, the live bookings of the days around (with open waitlist offers, packed in
-- one row), the booking, then its audit row, its outbox rows (the confirmation, the calendar sync, the owner's alerts
-- when asked for) and its reminder in one statement, and the stored answer; then the tool-call audit row (its commit
-- not waiting for the disk). The business's rules and the call's routes are read once a moment (BusinessFacts): no
-- statement per call. pgbench picks its business inside the claim's statement, so it makes the server's round trips.
-- The personal fields are sealed by the application: here random bytes and hashes of the same sizes (80-byte value,
-- 17 tokens).
\set day random(29, 89)
\set slot random(0, 39)
\set party random(2, 6)
BEGIN;
WITH pick AS (SELECT id FROM businesses WHERE slug LIKE 'load-%' ORDER BY id OFFSET (:client_id::int % :spread::int) LIMIT 1)
INSERT INTO idempotency_keys (business_id, scope, key, request_hash, state, expires_at)
SELECT pick.id, 'retell:' || 'create_booking', 'pgbench-' || :client_id::text || '-' || md5(random()::text), '\x00', 'in_progress', now() + make_interval(secs => 120)
FROM pick
ON CONFLICT (business_id, scope, key) DO UPDATE SET
    request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL,
    created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
WHERE idempotency_keys.expires_at < now()
RETURNING business_id AS biz, key AS idem, pg_try_advisory_xact_lock(hashtextextended(business_id::text, 7))::int AS locked \gset
-- Another caller holds the lock (a rush): the server decides on what has committed first, then queues for the lock
-- and decides again.
\if :locked = 0
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
SELECT pg_advisory_xact_lock(hashtextextended(:biz::text, 7));
\endif
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
        date_trunc('day', now()) + make_interval(days => :day::int, mins => 1050 + 15 * :slot::int),
        date_trunc('day', now()) + make_interval(days => :day::int, mins => 960 + 15 * :slot::int),
        date_trunc('day', now()) + make_interval(days => :day::int, mins => 1050 + 15 * :slot::int),
        :party, NULL, decode(repeat(md5(random()::text), 5), 'hex'), md5(random()::text),
        ARRAY(SELECT md5(random()::text || g) FROM generate_series(1, 17) g), NULL, NULL, '{}'::jsonb, 'phone', 'call_pgbench')
    ON CONFLICT (business_id, confirmation_code) DO NOTHING
    RETURNING *
)
SELECT b.id AS booking, b.business_id, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
    b.customer_phone, b.notes, b.pii, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
    b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at FROM b \gset
WITH w0 AS (INSERT INTO booking_changes (business_id, booking_id, action, actor_type, actor_id, reason, before, after, call_id, request_id)
    VALUES (:biz::uuid, :booking::uuid, 'created', 'agent', 'call_pgbench', NULL, NULL,
            jsonb_build_object('ends_at', :ends_at::text, 'options', '{}'::jsonb, 'party_size', :party::int, 'starts_at', :starts_at::text, 'status', 'CONFIRMED'),
            'call_pgbench', 'pgbench')),
w1 AS (INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
    SELECT :biz::uuid, k, p::jsonb, coalesce(nullif(r, '')::timestamptz, now()), nullif(d, ''), nullif(o, '')
    FROM unnest(ARRAY['booking_confirmed', 'calendar_sync', 'owner_booking_alert', 'owner_booking_alert'],
                ARRAY[jsonb_build_object('booking_id', :booking::text)::text, jsonb_build_object('booking_id', :booking::text)::text,
                      jsonb_build_object('booking_id', :booking::text, 'change', 'new', 'channel', 'email')::text,
                      jsonb_build_object('booking_id', :booking::text, 'change', 'new', 'channel', 'sms')::text],
                ARRAY['', '', '', ''],
                ARRAY['booking_confirmed:' || :booking::text || ':' || md5(random()::text), '', 'owner_booking_alert:' || :booking::text || ':' || 'email',
                      'owner_booking_alert:' || :booking::text || ':' || 'sms'],
                ARRAY['notify:' || :booking::text, 'booking:' || :booking::text, 'owner-alert-email:' || :booking::text, 'owner-alert-sms:' || :booking::text],
                ARRAY['', '', 'email', 'sms']) AS t(k, p, r, d, o, a)
    WHERE a = '' OR a = ANY (SELECT unnest(booking_alerts) FROM businesses WHERE id = :biz::uuid)
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING),
w2 AS (INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
    SELECT b.id, 'booking_reminder', jsonb_build_object('booking_id', :booking::text, 'starts_at', md5(random()::text)),
           :starts_at::timestamptz - make_interval(mins => b.reminder_lead_minutes), 'reminder:' || :booking::text || ':' || md5(random()::text), 'reminder:' || :booking::text
    FROM businesses b
    WHERE b.id = :biz::uuid AND b.reminder_lead_minutes IS NOT NULL
      AND :starts_at::timestamptz - make_interval(mins => b.reminder_lead_minutes) > now()
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO UPDATE
        SET state = 'available', run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, attempt = 0, finished_at = NULL,
            last_error = NULL, updated_at = now()
        WHERE jobs.state = 'cancelled')
SELECT 1;
UPDATE idempotency_keys SET state = 'completed', response_status = 200, response_body = decode(repeat(md5(random()::text), 12), 'hex'), completed_at = now()
WHERE business_id = :biz::uuid AND scope = 'retell:' || 'create_booking' AND key = :idem::text;
COMMIT;
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, sealed, ok, error_code, latency_ms, replayed)
SELECT r.business_id, r.call_id, r.name, '{}'::jsonb, '{}'::jsonb, r.sealed, r.ok, nullif(r.error_code, ''), r.latency_ms, r.replayed
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only,
     unnest(ARRAY[:biz::uuid], ARRAY['call_pgbench'], ARRAY['create_booking'], ARRAY[decode(repeat(md5(random()::text), 25), 'hex')],
            ARRAY[true], ARRAY[''], ARRAY[1.0::float8], ARRAY[false])
     AS r(business_id, call_id, name, sealed, ok, error_code, latency_ms, replayed)
WHERE EXISTS (SELECT 1 FROM businesses b WHERE b.id = r.business_id FOR KEY SHARE);
