-- Drafts and deployed versions of hooks, the version that ran in each execution, and the audit trail.
-- Portable SQL: runs on H2 and PostgreSQL.

-- A hook's content is its draft; what real flows run is its deployed version, null until its first deploy.
-- draft_changed: whether the draft differs from the deployed version's source.
ALTER TABLE hooks ADD COLUMN deployed_version INTEGER;
ALTER TABLE hooks ADD COLUMN draft_changed BOOLEAN DEFAULT FALSE NOT NULL;

-- Immutable, append-only: a rollback deploys an old version's source as a new number.
-- deployed_by: the id of the API key that deployed it (never the key); null for versions made by this migration.
CREATE TABLE hook_versions (
    tenant_id     VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id       VARCHAR(36)              NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    version_number INTEGER                  NOT NULL,
    deployed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    deployed_by   VARCHAR(36),
    content       VARCHAR(1000000)         NOT NULL,
    note          VARCHAR(500)             NOT NULL,
    PRIMARY KEY (hook_id, version_number)
);

-- Every hook stored before drafts existed runs as it did: its content is its deployed version 1.
INSERT INTO hook_versions (tenant_id, hook_id, version_number, deployed_at, deployed_by, content, note)
    SELECT tenant_id, id, 1, updated_at, NULL, content, 'the hook as it was when version history began' FROM hooks;
UPDATE hooks SET deployed_version = 1;

ALTER TABLE executions ADD COLUMN hook_version INTEGER;

-- Changes to a tenant's configuration: when, by which API key id, what.
CREATE TABLE audit_events (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id       VARCHAR(36),
    action       VARCHAR(64)              NOT NULL,
    hook_id      VARCHAR(36),
    hook_version INTEGER,
    summary      VARCHAR(1000)            NOT NULL
);

CREATE INDEX audit_events_by_tenant_time ON audit_events (tenant_id, occurred_at);
