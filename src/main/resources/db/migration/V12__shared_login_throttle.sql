-- The login throttle's counts, shared by every node on the database so that the limits do not grow with the number
-- of nodes. A key is a hash of (tenant, budget, value): no login or address is stored in clear. A row whose
-- forget_at has passed counts for nothing and is deleted by the 'prune-login-throttle' job, which one node runs
-- for all (background_jobs). Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE login_throttle (
    throttle_key    VARCHAR(40)              NOT NULL PRIMARY KEY,
    attempts        INTEGER                  NOT NULL,
    last_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_until   TIMESTAMP WITH TIME ZONE NOT NULL,
    forget_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX login_throttle_by_forget_at ON login_throttle (forget_at);

INSERT INTO background_jobs (name, last_run_at) VALUES ('prune-login-throttle', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
