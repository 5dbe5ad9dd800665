-- The availability check's read of an owner's synced busy events (CalendarBusyStore.busy): one business, one day.
\set day random(0, 59)
SELECT starts_at, ends_at FROM bench_busy_events
WHERE business_id = '00000000-0000-0000-0000-00000000b051'
  AND ends_at > now() + (:day || ' days')::interval AND starts_at < now() + (:day + 1 || ' days')::interval
ORDER BY starts_at;
