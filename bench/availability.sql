-- pgbench (run with -M extended, as PostgresNIO talks to the server): the availability read of check_availability (BookingSQL.live over the day asked about and its
-- neighbours) for the business named by -D biz=<uuid>, on a random day of the next two months.
\set day random(1, 60)
SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
FROM bookings
WHERE business_id = :biz::uuid AND status IN ('PENDING', 'CONFIRMED')
  AND starts_at < date_trunc('day', now()) + make_interval(days => :day::int + 2)
  AND starts_at > date_trunc('day', now()) + make_interval(days => :day::int - 1) - interval '28 hours'
  AND coalesce(busy_ends_at, ends_at) > date_trunc('day', now()) + make_interval(days => :day::int - 1);
