-- pgbench: the worker pool's claim / complete cycle as raw SQL, one job per transaction, for comparison with
-- `receptionist bench-jobs`. The claim is JobQueue.claim's statement (limit 1); the completion is JobQueue.finish's.
-- A claim may find nothing when every remaining job is locked by other clients: \aset then sets nothing and the
-- completion touches no row, so scripts/bench-jobs counts completed jobs rather than transactions.
\set job_id 0
WITH running AS (
    SELECT business_id, count(*) AS n FROM jobs WHERE state = 'running' AND business_id IS NOT NULL GROUP BY business_id
), candidates AS (
    SELECT j.id, j.business_id, j.priority, j.run_at
    FROM jobs j
    WHERE j.state IN ('available', 'failed') AND j.run_at <= now()
      AND (j.business_id IS NULL OR j.business_id NOT IN (SELECT business_id FROM running WHERE n >= 16))
      AND (j.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM jobs o WHERE o.ordering_key = j.ordering_key AND o.id < j.id
              AND o.state IN ('available', 'running', 'failed')))
    ORDER BY j.priority, j.run_at, j.id
    LIMIT 36
    FOR UPDATE OF j SKIP LOCKED
), ranked AS (
    SELECT c.id, c.business_id, c.priority, c.run_at,
           row_number() OVER (PARTITION BY c.business_id ORDER BY c.priority, c.run_at, c.id) + coalesce(r.n, 0) AS load
    FROM candidates c LEFT JOIN running r ON r.business_id = c.business_id
), picked AS (
    SELECT id FROM ranked WHERE business_id IS NULL OR load <= 16 ORDER BY priority, run_at, id LIMIT 1
)
UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = 'pgbench',
    locked_until = now() + make_interval(secs => 30), updated_at = now()
FROM picked WHERE jobs.id = picked.id
RETURNING jobs.id AS job_id \aset
UPDATE jobs SET state = 'succeeded', locked_by = NULL, locked_until = NULL, updated_at = now(), finished_at = now()
WHERE id = :job_id AND state = 'running' AND locked_by = 'pgbench';
