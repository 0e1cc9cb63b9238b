package io.hookbox.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.text.ParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Each tenant's RS256 key: generated on first use, stored sealed, cached in memory. Thread-safe. */
public final class SigningKeys {

    private static final int RSA_BITS = 2048;

    private final SigningKeyStore store;
    private final SecretBox box;
    private final Map<String, RSAKey> cache = new ConcurrentHashMap<>();

    public SigningKeys(SigningKeyStore store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    public RSAKey privateKey(String tenantId) {
        return cache.computeIfAbsent(tenantId, this::loadOrCreate);
    }

    /** The JWKS document a relying party verifies this tenant's tokens with: public parts only. */
    public Map<String, Object> publicKeySet(String tenantId) {
        return new JWKSet(privateKey(tenantId).toPublicJWK()).toJSONObject(true);
    }

    /** Drops a deleted tenant's key from memory. */
    public void forget(String tenantId) {
        cache.remove(tenantId);
    }

    private RSAKey loadOrCreate(String tenantId) {
        String sealed = store.sealedKey(tenantId).orElseGet(() -> store.storeIfAbsent(tenantId, box.seal(generate().toJSONString())));
        try {
            return RSAKey.parse(box.open(sealed));
        } catch (ParseException e) {
            throw new IllegalStateException("tenant " + tenantId + "'s stored signing key is not a JWK", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(RSA_BITS)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
