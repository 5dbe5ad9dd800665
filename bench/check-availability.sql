-- pgbench (run with -M extended, as PostgresNIO talks to the server): the statements one check_availability runs
-- (`scripts/loadtest wrk` sends the same calls through the server): the live bookings of the day asked about and
-- its neighbours with the places held by open waitlist offers, packed in one row (`BookingSQL.live`), and the sealed tool-call row
-- (its commit does not wait for the disk). Variables (-D): biz, the days asked about (first, last), the answer's
-- sealed size in 16-byte units (answer: ~38 for a free time, ~50 for a refusal with three alternatives) and ok. A
-- refused time with three free ones nearby runs the same statements (the bookings already read cover its day);
-- only a day with fewer reads the next eight days too. The lookup of the call's agent and number is read once a
-- moment per line (BusinessFacts), the business's rules likewise: neither is a statement per call.
\set day random(:first, :last)
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
INSERT INTO tool_calls (business_id, call_id, name, arguments, response, ok, error_code, latency_ms, replayed, sealed)
SELECT :biz::uuid, 'call_pgbench', 'check_availability', '{}'::jsonb, '{}'::jsonb, :ok::boolean, NULL, 1, false, decode(repeat(md5(random()::text), :answer::int), 'hex')
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
WHERE EXISTS (SELECT 1 FROM businesses WHERE id = :biz::uuid);
