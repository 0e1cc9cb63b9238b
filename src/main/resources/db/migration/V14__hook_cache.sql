-- Hooks' caches (an Auth0 Action's api.cache): a few short-lived strings per hook, kept between its runs. A row whose
-- expires_at has passed counts for nothing; the hook's next write deletes it, and a hook's cache goes with it.
-- Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE hook_cache (
    tenant_id    VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id      VARCHAR(36)              NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    cache_key    VARCHAR(64)              NOT NULL,
    cache_value  VARCHAR(4096)            NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hook_id, cache_key)
);

CREATE INDEX hook_cache_by_tenant ON hook_cache (tenant_id);
