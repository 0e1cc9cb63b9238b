package io.hookbox.auth;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.time.Clock;
import java.util.Optional;

/** Signing keys in the signing_keys table; two servers racing to create a tenant's key keep the first one. */
public final class DatabaseSigningKeyStore implements SigningKeyStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public DatabaseSigningKeyStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
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
}
