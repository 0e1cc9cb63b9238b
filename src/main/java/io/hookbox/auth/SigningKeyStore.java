package io.hookbox.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where each tenant's signing key is kept, sealed by a {@link io.hookbox.secrets.SecretBox}, and the public parts of retired ones. */
public interface SigningKeyStore {

    Optional<String> sealedKey(String tenantId);

    /** Stores the key unless the tenant already has one, and answers the one that is stored. */
    String storeIfAbsent(String tenantId, String sealedKey);

    /**
     * Replaces the tenant's key {@code currentSealed} with {@code nextSealed}, keeping the retired key's public JWK
     * published until {@code publishedUntil}; false when the current key is no longer {@code currentSealed}.
     */
    boolean rotate(String tenantId, String currentSealed, String nextSealed, String retiredKid, String retiredPublicJwk,
                   Instant publishedUntil);

    /** The public JWKs of the tenant's retired keys that are still published at {@code now}. */
    List<String> retiredPublicKeys(String tenantId, Instant now);
}
