-- A tenant's hooks generation: it grows in every transaction that changes what the tenant's flows run (a hook, its
-- order, its deployed version, its packages or secrets), so a node may keep the hook lists it read for as long as the
-- generation it read with them is the current one. Portable SQL: runs on H2 and PostgreSQL.

ALTER TABLE tenants ADD COLUMN hooks_generation BIGINT NOT NULL DEFAULT 0;
