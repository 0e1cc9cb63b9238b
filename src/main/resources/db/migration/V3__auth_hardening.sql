-- Auth hardening: lookalike-proof identifier keys and a row version for users, application types and scopes, and
-- the public parts of retired signing keys. Portable SQL: runs on H2 and PostgreSQL.

-- The keys users are unique by: NFKC with case folding, computed by the server. Existing rows get the lower case
-- form; should two existing usernames differ only in case, the younger one keeps a key of its own (suffixed by
-- its id) so the migration never fails.
ALTER TABLE users ADD COLUMN email_key VARCHAR(1024);
ALTER TABLE users ADD COLUMN username_key VARCHAR(1024);
ALTER TABLE users ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
UPDATE users SET email_key = LOWER(email);
UPDATE users SET username_key = LOWER(username) || CASE WHEN EXISTS (SELECT 1 FROM users other
        WHERE other.tenant_id = users.tenant_id AND LOWER(other.username) = LOWER(users.username) AND other.id < users.id)
    THEN '#' || id ELSE '' END
    WHERE username IS NOT NULL;
ALTER TABLE users ALTER COLUMN email_key SET NOT NULL;
CREATE UNIQUE INDEX users_by_email_key ON users (tenant_id, email_key);
CREATE UNIQUE INDEX users_by_username_key ON users (tenant_id, username_key);

-- Applications are public (no secret is checked) or confidential; existing ones have a secret, so confidential.
-- scopes: the API scopes the client_credentials grant may give, separated by spaces.
ALTER TABLE applications ADD COLUMN client_type VARCHAR(16) DEFAULT 'confidential' NOT NULL;
ALTER TABLE applications ADD COLUMN scopes VARCHAR(2000) DEFAULT '' NOT NULL;

-- A rotated-out signing key: only its public JWK, published in the JWKS until the tokens it signed have expired.
CREATE TABLE retired_signing_keys (
    kid          VARCHAR(100) NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    public_jwk   TEXT         NOT NULL,
    retired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    published_until TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX retired_signing_keys_by_tenant ON retired_signing_keys (tenant_id, published_until);
