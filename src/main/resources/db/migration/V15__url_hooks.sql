-- URL hooks: a stored hook of kind 'url' calls the tenant's endpoint instead of running code. Its url, whether it is
-- delivered after the fact at a trigger that could wait for it (async), and the names of its static headers are kept
-- in clear; the header values and its signing secrets are sealed (AES-256-GCM, bound to tenant, hook and purpose).
-- Portable SQL: runs on H2 and PostgreSQL.

ALTER TABLE hooks ADD COLUMN kind VARCHAR(8) DEFAULT 'code' NOT NULL;
ALTER TABLE hooks ADD COLUMN url VARCHAR(2048);
ALTER TABLE hooks ADD COLUMN async BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE hooks ADD COLUMN header_names VARCHAR(4000) DEFAULT '' NOT NULL;

-- purpose: 'headers' (the static headers as a JSON object), 'signing' (the whsec_ secret deliveries are signed with),
-- 'previous' (the secret before the last rotation: deliveries are signed with it too until expires_at).
CREATE TABLE url_hook_keys (
    tenant_id     VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id       VARCHAR(36)              NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    purpose       VARCHAR(16)              NOT NULL,
    sealed_value  TEXT                     NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (hook_id, purpose)
);

CREATE INDEX url_hook_keys_by_tenant ON url_hook_keys (tenant_id);
