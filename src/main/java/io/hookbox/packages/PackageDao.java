package io.hookbox.packages;

import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.Optional;

/** The package store's tarballs and the hooks' locks. */
interface PackageDao {

    @SqlQuery("SELECT COUNT(*) FROM package_tarballs WHERE integrity = :integrity")
    int countTarball(String integrity);

    @SqlQuery("SELECT tarball FROM package_tarballs WHERE integrity = :integrity")
    Optional<byte[]> tarball(String integrity);

    @SqlQuery("SELECT unpacked_bytes FROM package_tarballs WHERE integrity = :integrity")
    Optional<Long> unpackedBytes(String integrity);

    @SqlQuery("SELECT files FROM package_tarballs WHERE integrity = :integrity")
    Optional<Integer> files(String integrity);

    @SqlUpdate("INSERT INTO package_tarballs (integrity, name, version, tarball, unpacked_bytes, files, created_at)"
            + " VALUES (:integrity, :name, :version, :tarball, :unpackedBytes, :files, :now)")
    void insertTarball(String integrity, String name, String version, byte[] tarball, long unpackedBytes, int files, Instant now);

    @SqlQuery("SELECT lock_json FROM hook_packages WHERE hook_id = :hookId")
    Optional<String> lock(String hookId);

    @SqlUpdate("DELETE FROM hook_packages WHERE hook_id = :hookId")
    void deleteLock(String hookId);

    @SqlUpdate("INSERT INTO hook_packages (hook_id, lock_json, updated_at) VALUES (:hookId, :lockJson, :now)")
    void insertLock(String hookId, String lockJson, Instant now);

    /** Grows the hooks generation of the hook's tenant: what its flows run changed (see {@code HookDao.lockTenantForChange}). */
    @SqlUpdate("UPDATE tenants SET hooks_generation = hooks_generation + 1 WHERE id = (SELECT tenant_id FROM hooks WHERE id = :hookId)")
    void hooksChanged(String hookId);

    /** The hook's id if it is the tenant's, after taking the tenant's write lock (as every change of its hooks does). */
    @SqlQuery("SELECT h.id FROM hooks h JOIN tenants t ON t.id = h.tenant_id WHERE t.id = :tenantId AND h.id = :hookId FOR UPDATE")
    Optional<String> lockHook(String tenantId, String hookId);

    /** A change of the draft's packages is a change of the draft: it differs from the deployed version until deployed. */
    @SqlUpdate("UPDATE hooks SET version = version + 1, updated_at = :now, draft_changed = TRUE WHERE tenant_id = :tenantId AND id = :hookId")
    void bumpHookVersion(String tenantId, String hookId, Instant now);
}
