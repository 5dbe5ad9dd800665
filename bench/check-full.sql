-- pgbench (-M extended, -D biz=<uuid>): the statements one check_availability of a taken time runs, refused with
-- three other times of the same day (`scripts/loadtest wrk` fills 19:00 on days 3–9): the same as a free time's,
-- since the bookings already read cover the whole day; only a day with fewer than three free times nearby reads the
-- next eight days too. The tool-call row is larger (the refusal and its alternatives).
\set day random(3, 9)
SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
FROM bookings
WHERE business_id = :biz::uuid AND status IN ('PENDING', 'CONFIRMED')
  AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 2)
  AND starts_at > date_trunc('day', now()) + make_interval(days => :day::int - 1) - interval '28 hours'
  AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day::int - 1);
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'check_availability', '{}'::jsonb, '{}'::jsonb, false, 'FULL', 1, false, decode(repeat(md5(random()::text), 50), 'hex')
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
