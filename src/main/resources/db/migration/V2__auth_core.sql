-- The auth core: users, applications (OAuth clients), each tenant's sealed signing key, and the hook execution log.
-- Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE users (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email           VARCHAR(254) NOT NULL,
    email_verified  BOOLEAN      NOT NULL,
    username        VARCHAR(100),
    name            VARCHAR(200),
    given_name      VARCHAR(200),
    family_name     VARCHAR(200),
    picture         VARCHAR(2000),
    phone_number    VARCHAR(32),
    password_hash   VARCHAR(255) NOT NULL,
    user_metadata   TEXT         NOT NULL,
    app_metadata    TEXT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login      TIMESTAMP WITH TIME ZONE,
    logins_count    INTEGER      NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (tenant_id, email),
    CONSTRAINT users_username_unique UNIQUE (tenant_id, username)
);

CREATE TABLE applications (
    client_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    grant_types  VARCHAR(200) NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX applications_by_tenant ON applications (tenant_id);

CREATE TABLE signing_keys (
    tenant_id   VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    sealed_key  TEXT        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE executions (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(64)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id        VARCHAR(64)  NOT NULL,
    hook_name      VARCHAR(100) NOT NULL,
    type           VARCHAR(32)  NOT NULL,
    flow_id        VARCHAR(64)  NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms    BIGINT       NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    error_code     VARCHAR(64),
    error_message  TEXT,
    console        TEXT         NOT NULL
);

CREATE INDEX executions_by_tenant_time ON executions (tenant_id, started_at);
CREATE INDEX executions_by_hook ON executions (tenant_id, hook_id, started_at);
