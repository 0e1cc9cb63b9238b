-- After-the-fact hook runs waiting to be delivered, written in the same transaction as the change that caused them
-- (a user saved, a user deleted), one row per hook. A node claims a due row in one conditional UPDATE that moves its
-- version on, names the node (claimed_by) and pushes next_attempt_at to the end of a lease: a node that dies
-- mid-delivery leaves the row due again when the lease ends, for whichever node comes first. status:
-- pending (not tried since it was written or a retry was asked), failed (the last attempt failed; next_attempt_at
-- says when the next one is), delivered, dead (no attempt left; kept, and redeliverable). attempts_at_retry: the
-- attempts made before the last retry asked for, from which the retry schedule starts again.
-- Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE outbox (
    id                VARCHAR(64)              NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id           VARCHAR(64)              NOT NULL,
    type              VARCHAR(32)              NOT NULL,
    flow_id           VARCHAR(64)              NOT NULL,
    data              TEXT                     NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    attempts          INTEGER                  NOT NULL,
    attempts_at_retry INTEGER                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE,
    last_attempt_at   TIMESTAMP WITH TIME ZONE,
    delivered_at      TIMESTAMP WITH TIME ZONE,
    last_status_code  INTEGER,
    last_error        TEXT,
    claimed_by        VARCHAR(64),
    version           BIGINT                   NOT NULL
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_tenant_time ON outbox (tenant_id, created_at);
CREATE INDEX outbox_by_hook ON outbox (tenant_id, hook_id, created_at);

INSERT INTO background_jobs (name, last_run_at) VALUES ('prune-outbox', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
