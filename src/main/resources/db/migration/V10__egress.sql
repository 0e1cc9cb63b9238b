-- Hooks that call other services: the requests each execution made, and each tenant's own egress allow-list.
-- Portable SQL: runs on H2 and PostgreSQL.

ALTER TABLE executions ADD COLUMN requests TEXT;

CREATE TABLE tenant_egress (
    tenant_id    VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    allow_hosts  TEXT        NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
