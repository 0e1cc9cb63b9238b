-- Background work that one node runs for the whole cluster: when each job last ran. A node runs a job only if it
-- moves last_run_at forward itself, in one UPDATE, so two nodes never both run it in one period.
-- Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE background_jobs (
    name        VARCHAR(64)              NOT NULL PRIMARY KEY,
    last_run_at TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO background_jobs (name, last_run_at) VALUES ('prune-executions', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
