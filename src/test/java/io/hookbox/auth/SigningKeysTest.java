package io.hookbox.auth;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.secrets.SecretBox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    static final class MemoryKeyStore implements SigningKeyStore {
        final Map<String, String> sealed = new ConcurrentHashMap<>();

        @Override
        public Optional<String> sealedKey(String tenantId) {
            return Optional.ofNullable(sealed.get(tenantId));
        }

        @Override
        public String storeIfAbsent(String tenantId, String sealedKey) {
            return sealed.computeIfAbsent(tenantId, id -> sealedKey);
        }

        @Override
        public boolean rotate(String tenantId, String currentSealed, String nextSealed, String retiredKid,
                              String retiredPublicJwk, java.time.Instant publishedUntil) {
            return sealed.replace(tenantId, currentSealed, nextSealed);
        }

        @Override
        public java.util.List<String> retiredPublicKeys(String tenantId, java.time.Instant now) {
            return java.util.List.of();
        }
    }

    private final MemoryKeyStore store = new MemoryKeyStore();
    private final SecretBox box = SecretBox.withKey("a test key of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void tokens_verify_against_the_tenants_published_key_set_and_not_another_tenants() throws Exception {
        SigningKeys keys = new SigningKeys(store, box, Clock.systemUTC());
        String token = new TokenSigner(keys).sign("acme", Map.of("sub", "u1", "roles", java.util.List.of("admin")), TokenSigner.ACCESS_TOKEN);

        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey published = JWKSet.parse(keys.publicKeySet("acme")).getKeys().getFirst().toRSAKey();
        RSAKey otherTenant = JWKSet.parse(keys.publicKeySet("globex")).getKeys().getFirst().toRSAKey();

        assertThat(published.isPrivate()).isFalse();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        assertThat(jwt.verify(new RSASSAVerifier(otherTenant))).isFalse();
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin");
    }

    @Test
    void the_stored_key_is_sealed_and_survives_a_restart() {
        RSAKey first = new SigningKeys(store, box, Clock.systemUTC()).privateKey("acme");

        assertThat(store.sealed.get("acme")).doesNotContain("\"d\"").doesNotContain(first.getKeyID());
        assertThat(new SigningKeys(store, box, Clock.systemUTC()).privateKey("acme").getKeyID()).isEqualTo(first.getKeyID());
        assertThatThrownBy(() -> new SigningKeys(store, SecretBox.withKey("another key entirely, of 32 bytes or more".getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC()).privateKey("acme"))
                .hasMessageContaining("another server key");
    }

    @Test
    void a_signing_key_copied_to_another_tenant_does_not_open_there() {
        SigningKeys keys = new SigningKeys(store, box, Clock.systemUTC());
        keys.privateKey("acme");
        store.sealed.put("globex", store.sealed.get("acme"));

        assertThatThrownBy(() -> keys.privateKey("globex")).hasMessageContaining("cannot be decrypted");
    }
}
