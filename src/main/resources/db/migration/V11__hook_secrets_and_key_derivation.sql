-- Hooks' secrets, sealed (AES-256-GCM, bound to tenant, hook and name), and the salt a passphrase server key is
-- derived with. Portable SQL: runs on H2 and PostgreSQL.

-- sealed_value: hb2.<key id>.<sealed bytes>; never the value in clear. A hook's secrets go with it.
CREATE TABLE hook_secrets (
    tenant_id     VARCHAR(64)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hook_id       VARCHAR(36)              NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    name          VARCHAR(128)             NOT NULL,
    sealed_value  TEXT                     NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hook_id, name)
);

CREATE INDEX hook_secrets_by_tenant ON hook_secrets (tenant_id);

-- One row (id 1): the Argon2id salt and cost of HOOKBOX_SECRET when it is a passphrase, the same for every node.
CREATE TABLE server_key_derivation (
    id           INTEGER                  NOT NULL PRIMARY KEY,
    salt         VARCHAR(64)              NOT NULL,
    memory_kib   INTEGER                  NOT NULL,
    iterations   INTEGER                  NOT NULL,
    parallelism  INTEGER                  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
