package io.hookbox.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.Binding;
import io.hookbox.secrets.SealedRows;
import io.hookbox.secrets.SecretBox;
import com.nimbusds.jose.jwk.JWK;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's RS256 key: generated on first use and stored sealed. The stored key is read on every use, so a
 * deleted and re-created tenant never signs with its old key; only the unsealing is cached. A rotation makes a new
 * key sign from then on, while the old one stays in the tenant's JWKS until the tokens it signed have expired.
 * Thread-safe.
 */
public final class SigningKeys {

    private static final int RSA_BITS = 2048;

    /** A retired key is published this long after the last token it signed expires, for clocks that run behind. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Where the sealed keys are kept, each bound to its tenant: a key copied to another tenant's row does not open. */
    public static final SealedRows SEALED = new SealedRows("signing_keys", "sealed_key", List.of("tenant_id"),
            key -> binding(key.getFirst()));

    /** What a rotation answers: the key that signs from now on, and the retired one with how long it is published. */
    public record Rotation(String kid, String retiredKid, Instant retiredKeyPublishedUntil) {
    }

    private final SigningKeyStore store;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, RSAKey> unsealed = new ConcurrentHashMap<>();

    public SigningKeys(SigningKeyStore store, SecretBox box, Clock clock) {
        this.store = store;
        this.box = box;
        this.clock = clock;
    }

    /** Gives the tenant a new signing key; tokens signed by the old one verify until they expire. */
    public Rotation rotate(String tenantId) {
        String currentSealed = sealedKey(tenantId);
        RSAKey current = unsealed(tenantId, currentSealed);
        RSAKey next = generate();
        Instant publishedUntil = clock.instant().plus(SignIn.TOKEN_LIFETIME).plus(CLOCK_SKEW);
        if (!store.rotate(tenantId, currentSealed, box.seal(next.toJSONString(), binding(tenantId)), current.getKeyID(),
                current.toPublicJWK().toJSONString(), publishedUntil)) {
            throw new HookboxException(HookboxException.Kind.CONFLICT, "concurrent_rotation",
                    "the signing key was rotated meanwhile; read the JWKS and retry if needed", null);
        }
        return new Rotation(next.getKeyID(), current.getKeyID(), publishedUntil);
    }

    public RSAKey privateKey(String tenantId) {
        return unsealed(tenantId, sealedKey(tenantId));
    }

    /** Cached by tenant and sealed value: a sealed value is only ever unsealed for the tenant it is bound to. */
    private RSAKey unsealed(String tenantId, String sealed) {
        return unsealed.computeIfAbsent(tenantId + "\n" + sealed, ignored -> unseal(tenantId, sealed));
    }

    private String sealedKey(String tenantId) {
        return store.sealedKey(tenantId).orElseGet(() -> store.storeIfAbsent(tenantId, box.seal(generate().toJSONString(), binding(tenantId))));
    }

    /** The JWKS document a relying party verifies this tenant's tokens with: public parts only, the signing key first. */
    public Map<String, Object> publicKeySet(String tenantId) {
        List<JWK> keys = new ArrayList<>();
        keys.add(privateKey(tenantId).toPublicJWK());
        for (String retired : store.retiredPublicKeys(tenantId, clock.instant())) {
            try {
                keys.add(JWK.parse(retired));
            } catch (ParseException e) {
                throw new IllegalStateException("a retired signing key is not a JWK", e);
            }
        }
        return new JWKSet(keys).toJSONObject(true);
    }

    private RSAKey unseal(String tenantId, String sealed) {
        try {
            return RSAKey.parse(box.open(sealed, binding(tenantId)));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not a JWK", e);
        }
    }

    private static Binding binding(String tenantId) {
        return Binding.of("signing-key", tenantId);
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
