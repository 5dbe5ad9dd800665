-- pgbench (run with -M extended, as PostgresNIO talks to the server): the statements one find_booking by confirmation
-- code runs (`scripts/loadtest wrk` sends the same calls through the server): the booking by its code
-- (`BookingSQL.byCode`) and the sealed tool-call row (its commit does not wait for the disk). The bookings are those
-- of `pgbench_codes` (made by scripts/loadtest-wrk.sh): pgbench walks its even rows (-D half: how many) inside the
-- booking's read, so it makes the server's round trips; wrk names the odd ones.
WITH pick AS (SELECT business_id, code FROM pgbench_codes WHERE n = (SELECT 2 * ((nextval('pgbench_next') - 1) % :half::int + 1))::int)
SELECT b.id, b.business_id AS biz, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
    b.customer_phone, b.notes, b.pii, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
    b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at FROM pick JOIN bookings b
    ON b.business_id = pick.business_id AND b.confirmation_code = pick.code \gset
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'find_booking', '{}'::jsonb, '{}'::jsonb, true, NULL, 1, false, decode(repeat(md5(random()::text), 27), 'hex')
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
