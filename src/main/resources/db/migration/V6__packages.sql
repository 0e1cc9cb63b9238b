-- npm packages in hooks. Portable SQL: runs on H2 and PostgreSQL.

-- The package store of record, shared by every tenant and every hookbox node: each tarball once, keyed by its
-- integrity (sha512 SRI). Nodes unpack from here into their data directory on first use.
CREATE TABLE package_tarballs (
    integrity      VARCHAR(200)             NOT NULL PRIMARY KEY,
    name           VARCHAR(214)             NOT NULL,
    version        VARCHAR(256)             NOT NULL,
    tarball        BYTEA                    NOT NULL,
    unpacked_bytes BIGINT                   NOT NULL,
    files          INTEGER                  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A hook's packages: the ranges asked for and the lock (exact versions and integrities), as JSON.
CREATE TABLE hook_packages (
    hook_id    VARCHAR(36)              NOT NULL PRIMARY KEY REFERENCES hooks (id) ON DELETE CASCADE,
    lock_json  TEXT                     NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
