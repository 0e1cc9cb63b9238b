package io.hookbox.auth;

import io.hookbox.audit.AuditTrail;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Signing keys in the signing_keys table; two servers racing to create a tenant's key keep the first one. Retired
 * keys' public parts are in retired_signing_keys until their tokens have expired. A rotation is recorded in the audit
 * trail in its own transaction.
 */
public final class DatabaseSigningKeyStore implements SigningKeyStore {

    private final Jdbi jdbi;
    private final AuditTrail audit;
    private final Clock clock;

    public DatabaseSigningKeyStore(Jdbi jdbi, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<String> sealedKey(String tenantId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT sealed_key FROM signing_keys WHERE tenant_id = :tenantId")
                .bind("tenantId", tenantId).mapTo(String.class).findOne());
    }

    @Override
    public String storeIfAbsent(String tenantId, String sealedKey) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate(
                            "INSERT INTO signing_keys (tenant_id, sealed_key, created_at) VALUES (:tenantId, :sealedKey, :createdAt)")
                    .bind("tenantId", tenantId).bind("sealedKey", sealedKey).bind("createdAt", clock.instant()).execute());
            return sealedKey;
        } catch (UnableToExecuteStatementException raced) {
            return sealedKey(tenantId).orElseThrow(() -> raced);
        }
    }

    @Override
    public boolean rotate(String tenantId, String currentSealed, String nextSealed, String retiredKid, String retiredPublicJwk,
                          Instant publishedUntil) {
        return jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            int replaced = handle.createUpdate("UPDATE signing_keys SET sealed_key = :next, created_at = :now "
                            + "WHERE tenant_id = :tenantId AND sealed_key = :current")
                    .bind("next", nextSealed).bind("now", now).bind("tenantId", tenantId).bind("current", currentSealed).execute();
            if (replaced != 1) {
                return false;
            }
            handle.createUpdate("INSERT INTO retired_signing_keys (kid, tenant_id, public_jwk, retired_at, published_until) "
                            + "VALUES (:kid, :tenantId, :jwk, :now, :until)")
                    .bind("kid", retiredKid).bind("tenantId", tenantId).bind("jwk", retiredPublicJwk).bind("now", now)
                    .bind("until", publishedUntil).execute();
            handle.createUpdate("DELETE FROM retired_signing_keys WHERE tenant_id = :tenantId AND published_until < :now")
                    .bind("tenantId", tenantId).bind("now", now).execute();
            // only the admin key rotates signing keys, so no tenant key id
            audit.record(handle, tenantId, null, "signing_key.rotated", null, null, "rotated the token signing key; the retired key "
                    + retiredKid + " stays in the JWKS until " + publishedUntil);
            return true;
        });
    }

    @Override
    public List<String> retiredPublicKeys(String tenantId, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT public_jwk FROM retired_signing_keys "
                        + "WHERE tenant_id = :tenantId AND published_until > :now ORDER BY retired_at DESC")
                .bind("tenantId", tenantId).bind("now", now).mapTo(String.class).list());
    }
}
