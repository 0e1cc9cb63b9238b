package io.hookbox.auth;

import java.util.Optional;

/** Where each tenant's signing key is kept, sealed by a {@link SecretBox}. */
public interface SigningKeyStore {

    Optional<String> sealedKey(String tenantId);

    /** Stores the key unless the tenant already has one, and answers the one that is stored. */
    String storeIfAbsent(String tenantId, String sealedKey);
}
