-- pgbench (-M extended, -D spread=8): the statements one check_availability of a taken time runs (refused with
-- alternatives; `scripts/loadtest wrk` fills 19:00 on days 3–9): the route lookup, the live bookings of the day and
-- its neighbours, then those of the eight days the alternatives are sought in, and the sealed tool-call row.
\set day random(3, 9)
SELECT business_id AS biz FROM retell_routes
WHERE (kind = 'agent_id' AND value = 'agent_load')
   OR (kind = 'phone_number' AND value = (SELECT value FROM retell_routes WHERE kind = 'phone_number' ORDER BY value OFFSET (:client_id % :spread) LIMIT 1)) \gset
SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
FROM bookings
WHERE business_id = :biz::uuid AND status IN ('PENDING', 'CONFIRMED')
  AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 2)
  AND starts_at > date_trunc('day', now()) + make_interval(days => :day::int - 1) - interval '28 hours'
  AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day::int - 1);
SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
FROM bookings
WHERE business_id = :biz::uuid AND status IN ('PENDING', 'CONFIRMED')
  AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 9)
  AND starts_at > date_trunc('day', now()) + make_interval(days => :day::int - 1) - interval '28 hours'
  AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day::int - 1);
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'check_availability', '{}'::jsonb, '{}'::jsonb, false, 'FULL', 1, false, decode(repeat(md5(random()::text), 50), 'hex')
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
