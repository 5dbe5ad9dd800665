-- A notification job records one outcome whether it sent or skipped: a worker killed after recording and before
-- finishing the job must not record (or send) again when the job is retried.
DROP INDEX notifications_sent_once_idx;
CREATE UNIQUE INDEX notifications_once_idx ON notifications (job_id) WHERE status IN ('sent', 'skipped') AND job_id IS NOT NULL;
