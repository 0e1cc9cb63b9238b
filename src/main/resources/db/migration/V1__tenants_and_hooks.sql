-- Portable SQL: this runs on H2 and on PostgreSQL.

CREATE TABLE tenants (
    id         VARCHAR(64)              NOT NULL PRIMARY KEY,
    name       VARCHAR(200)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Management API keys, stored only as the SHA-256 of the key.
CREATE TABLE api_keys (
    id         VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key_hash   CHAR(64)                 NOT NULL UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

-- position is 0..n-1 within (tenant_id, type); the service keeps it dense under a per-tenant lock.
CREATE TABLE hooks (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    type        VARCHAR(32)              NOT NULL,
    name        VARCHAR(100)             NOT NULL,
    description VARCHAR(1000)            NOT NULL,
    content     VARCHAR(1000000)         NOT NULL,
    enabled     BOOLEAN                  NOT NULL,
    position    INTEGER                  NOT NULL,
    version     BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT hooks_name_unique UNIQUE (tenant_id, type, name)
);

CREATE INDEX hooks_by_tenant_type ON hooks (tenant_id, type, position);
