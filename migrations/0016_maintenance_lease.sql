-- One process at a time prunes finished jobs and reports the queue's global gauges: the holder of this lease (renewed
-- each round, taken over once it lapses), so N workers do not prune N times or report N copies of the same figures.
CREATE TABLE maintenance_lease (
    id     smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    holder text NOT NULL,
    until  timestamptz NOT NULL
);
