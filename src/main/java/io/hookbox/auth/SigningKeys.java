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

/**
 * Each tenant's RS256 key: generated on first use and stored sealed. The stored key is read on every use, so a
 * deleted and re-created tenant never signs with its old key; only the unsealing is cached. Thread-safe.
 */
public final class SigningKeys {

    private static final int RSA_BITS = 2048;

    private final SigningKeyStore store;
    private final SecretBox box;
    private final Map<String, RSAKey> unsealed = new ConcurrentHashMap<>();

    public SigningKeys(SigningKeyStore store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    public RSAKey privateKey(String tenantId) {
        String sealed = store.sealedKey(tenantId)
                .orElseGet(() -> store.storeIfAbsent(tenantId, box.seal(generate().toJSONString())));
        return unsealed.computeIfAbsent(sealed, this::unseal);
    }

    /** The JWKS document a relying party verifies this tenant's tokens with: public parts only. */
    public Map<String, Object> publicKeySet(String tenantId) {
        return new JWKSet(privateKey(tenantId).toPublicJWK()).toJSONObject(true);
    }

    private RSAKey unseal(String sealed) {
        try {
            return RSAKey.parse(box.open(sealed));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not a JWK", e);
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
