-- pgbench (run with -M extended, as PostgresNIO talks to the server): the statements one cancel_booking runs
-- (`BookingService.cancel` through FunctionsController; `scripts/loadtest wrk` sends the same calls through the
-- server), statement for statement: one transaction with the idempotency claim that also takes the business's lock,
-- the booking by its code locked, the update, then its audit row, its outbox rows (the customer's message, the
-- calendar sync, the owner's alerts when asked for), the reminder withdrawn and the waitlist's match queued when
-- someone waits nearby in one statement, and the stored answer; then the tool-call row (its commit not waiting for
-- the disk). The bookings are those of `pgbench_codes` (made by scripts/loadtest-wrk.sh), each cancelled once:
-- pgbench walks its even rows (-D half: how many) inside the claim's statement, so it makes the server's round trips;
-- wrk names the odd ones. The personal fields are sealed by the application: here random bytes and hashes of the
-- same sizes.
BEGIN;
WITH pick AS (SELECT business_id, code, day_start FROM pgbench_codes WHERE n = (SELECT 2 * ((nextval('pgbench_next') - 1) % :half::int + 1))::int),
claim AS (
    INSERT INTO idempotency_keys (business_id, scope, key, request_hash, state, expires_at)
    SELECT pick.business_id, 'retell:' || 'cancel_booking', 'pgbench-' || md5(random()::text), '\x00', 'in_progress', now() + make_interval(secs => 120)
    FROM pick
    ON CONFLICT (business_id, scope, key) DO UPDATE SET
        request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL,
        created_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
    WHERE idempotency_keys.expires_at < now()
    RETURNING business_id, key, (SELECT true FROM pg_advisory_xact_lock(hashtextextended(business_id::text, 7))) AS locked
)
SELECT claim.business_id AS biz, claim.key AS idem, pick.code, pick.day_start FROM claim, pick \gset
SELECT b.id, b.business_id, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
    b.customer_phone, b.notes, b.pii, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
    b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at FROM bookings b
WHERE b.business_id = :biz::uuid AND b.confirmation_code = :code
FOR UPDATE OF b \gset old_
WITH u AS (
    UPDATE bookings SET status = 'CANCELLED', starts_at = :old_starts_at::timestamptz, ends_at = :old_ends_at::timestamptz,
        busy_starts_at = coalesce(NULL, busy_starts_at), busy_ends_at = coalesce(NULL, busy_ends_at), party_size = :old_party_size::int,
        customer_name = NULL, customer_phone = NULL, notes = NULL, pii = decode(repeat(md5(random()::text), 5), 'hex'),
        customer_phone_bidx = md5(random()::text), search_tokens = ARRAY(SELECT md5(random()::text || g) FROM generate_series(1, 17) g),
        service = NULL, staff_id = NULL, options = '{}'::jsonb, updated_at = now(),
        cancelled_at = CASE WHEN 'CANCELLED' = 'CANCELLED' THEN coalesce(cancelled_at, now()) ELSE NULL END,
        calendar_flag = NULL, calendar_flag_start = NULL, calendar_flag_end = NULL, calendar_flagged_at = NULL
    WHERE id = :old_id::uuid AND business_id = :biz::uuid
    RETURNING *
)
SELECT b.id, b.business_id, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
    b.customer_phone, b.notes, b.pii, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
    b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at FROM u b;
WITH w0 AS (INSERT INTO booking_changes (business_id, booking_id, action, actor_type, actor_id, reason, before, after, call_id, request_id)
    VALUES (:biz::uuid, :old_id::uuid, 'cancelled', 'agent', 'call_pgbench', NULL,
            jsonb_build_object('status', 'CONFIRMED', 'starts_at', :old_starts_at::text, 'ends_at', :old_ends_at::text, 'party_size', :old_party_size::int, 'options', '{}'::jsonb),
            jsonb_build_object('status', 'CANCELLED', 'starts_at', :old_starts_at::text, 'ends_at', :old_ends_at::text, 'party_size', :old_party_size::int, 'options', '{}'::jsonb),
            'call_pgbench', 'pgbench')),
w1 AS (INSERT INTO jobs (business_id, kind, payload, run_at, dedupe_key, ordering_key)
    SELECT :biz::uuid, k, p::jsonb, coalesce(nullif(r, '')::timestamptz, now()), nullif(d, ''), nullif(o, '')
    FROM unnest(ARRAY['booking_cancelled', 'calendar_sync', 'owner_booking_alert', 'owner_booking_alert'],
                ARRAY[jsonb_build_object('booking_id', :old_id::text)::text, jsonb_build_object('booking_id', :old_id::text)::text,
                      jsonb_build_object('booking_id', :old_id::text, 'change', 'cancelled', 'channel', 'email')::text,
                      jsonb_build_object('booking_id', :old_id::text, 'change', 'cancelled', 'channel', 'sms')::text],
                ARRAY['', '', '', ''],
                ARRAY['booking_cancelled:' || :old_id::text || ':' || md5(random()::text), '', 'owner_booking_alert:' || :old_id::text || ':' || 'email',
                      'owner_booking_alert:' || :old_id::text || ':' || 'sms'],
                ARRAY['notify:' || :old_id::text, 'booking:' || :old_id::text, 'owner-alert-email:' || :old_id::text, 'owner-alert-sms:' || :old_id::text],
                ARRAY['', '', 'email', 'sms']) AS t(k, p, r, d, o, a)
    WHERE a = '' OR a = ANY (SELECT unnest(booking_alerts) FROM businesses WHERE id = :biz::uuid)
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING),
w2 AS (UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), last_error = 'booking changed'
    WHERE ordering_key = 'reminder:' || :old_id::text AND state IN ('available', 'failed')),
w3 AS (INSERT INTO jobs (business_id, kind, payload, ordering_key)
    SELECT :biz::uuid, 'waitlist_match', '{}', NULL
    WHERE EXISTS (SELECT 1 FROM waitlist_entries WHERE business_id = :biz::uuid AND status = 'waiting'
                  AND window_end > :old_starts_at::timestamptz - interval '1 day' AND window_start < :old_starts_at::timestamptz + interval '1 day')
      AND NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'waitlist_match' AND business_id = :biz::uuid
                      AND state IN ('available', 'failed') AND run_at <= now()))
SELECT 1;
UPDATE idempotency_keys SET state = 'completed', response_status = 200, response_body = decode(repeat(md5(random()::text), 24), 'hex'), completed_at = now()
WHERE business_id = :biz::uuid AND scope = 'retell:' || 'cancel_booking' AND key = :idem::text;
COMMIT;
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'cancel_booking', '{}'::jsonb, '{}'::jsonb, true, NULL, 1, false, decode(repeat(md5(random()::text), 31), 'hex')
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
