-- pgbench: the SQL one create_booking call runs (BookingService.create through FunctionsController), for
-- comparison with `receptionist loadtest`: the business lookup, then one transaction with the idempotency claim,
-- the business's lock, the live bookings of the days around, the booking, its audit row, its outbox rows (the
-- confirmation, the calendar sync, the reminder) and the stored answer; then the tool-call audit row.
\set day random(61, 120)
\set slot random(0, 39)
\set party random(2, 6)
SELECT id AS biz FROM businesses WHERE slug LIKE 'load-%' ORDER BY id OFFSET (:client_id % 8) LIMIT 1 \gset
BEGIN;
INSERT INTO idempotency_keys (business_id, scope, key, request_hash, state, expires_at)
VALUES (:'biz', 'create_booking', 'pgbench-' || :client_id || '-' || md5(random()::text), '\x00', 'in_progress', now() + interval '2 minutes')
ON CONFLICT (business_id, scope, key) DO UPDATE SET state = 'in_progress' WHERE idempotency_keys.expires_at < now()
RETURNING key AS idem \gset
SELECT pg_advisory_xact_lock(hashtextextended(:'biz', 7));
SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
FROM bookings
WHERE business_id = :'biz' AND status IN ('PENDING', 'CONFIRMED')
  AND starts_at < date_trunc('day', now()) + make_interval(days => :day + 2)
  AND starts_at > date_trunc('day', now()) + make_interval(days => :day - 1) - interval '28 hours'
  AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day - 1);
WITH b AS (
    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, busy_starts_at, busy_ends_at,
        party_size, customer_name, customer_phone, notes, service, staff_id, options, source, call_id)
    VALUES (:'biz', upper(substr(md5(random()::text), 1, 6)), 'CONFIRMED',
        date_trunc('day', now()) + make_interval(days => :day, mins => 960 + 15 * :slot),
        date_trunc('day', now()) + make_interval(days => :day, mins => 1050 + 15 * :slot), NULL, NULL,
        :party, 'Bench Caller', '+16465550100', NULL, NULL, NULL, '{}'::jsonb, 'phone', 'call_pgbench')
    ON CONFLICT (business_id, confirmation_code) DO NOTHING
    RETURNING *
)
SELECT b.id AS booking FROM b \gset
INSERT INTO booking_changes (business_id, booking_id, action, actor_type, actor_id, reason, before, after, call_id, request_id)
VALUES (:'biz', :'booking', 'created', 'agent', 'call_pgbench', NULL, NULL,
        jsonb_build_object('id', :'booking', 'status', 'CONFIRMED', 'party_size', :party), 'call_pgbench', 'pgbench');
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
VALUES (:'biz', 'booking_confirmed', jsonb_build_object('booking_id', :'booking'), now(), 'booking_confirmed:' || :'booking', 'notify:' || :'booking')
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
VALUES (:'biz', 'calendar_sync', jsonb_build_object('booking_id', :'booking'), now(), NULL, 'booking:' || :'booking')
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
SELECT b.id, 'booking_reminder', jsonb_build_object('booking_id', :'booking'),
       date_trunc('day', now()) + make_interval(days => :day) - make_interval(mins => b.reminder_lead_minutes),
       'reminder:' || :'booking', 'reminder:' || :'booking'
FROM businesses b WHERE b.id = :'biz' AND b.reminder_lead_minutes IS NOT NULL
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
UPDATE idempotency_keys SET state = 'completed', response_status = 200, response_body = '\x7b7d', completed_at = now()
WHERE business_id = :'biz' AND scope = 'create_booking' AND key = :'idem';
COMMIT;
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed)
SELECT :'biz', 'call_pgbench', 'create_booking', '{}'::jsonb, '{}'::jsonb, true, NULL, 1, false
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :'biz');
