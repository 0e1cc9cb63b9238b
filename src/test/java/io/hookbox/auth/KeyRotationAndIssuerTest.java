package io.hookbox.auth;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.http.Exposure;
import io.hookbox.http.TrustedProxies;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static io.hookbox.auth.IdentitiesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Signing-key rotation by the admin, and an issuer no Host header can choose. */
class KeyRotationAndIssuerTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server = TestServer.shared();

    @Test
    void after_a_rotation_the_new_key_signs_and_the_old_ones_tokens_still_verify() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("rota@example.com", PASSWORD);
        SignedJWT before = SignedJWT.parse(tenant.login("rota@example.com", PASSWORD).body().path("access_token").asText());

        assertThat(tenant.api.post("/api/admin/tenants/" + tenant.tenantId + "/signing-keys/rotate", "").status()).isEqualTo(401);
        assertError(server.admin().post("/api/admin/tenants/no-such-tenant/signing-keys/rotate", ""), 404, "not_found");
        ApiClient.Response rotated = server.admin().post("/api/admin/tenants/" + tenant.tenantId + "/signing-keys/rotate", "");
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        assertThat(rotated.body().path("retiredKid").asText()).isEqualTo(before.getHeader().getKeyID());

        SignedJWT after = SignedJWT.parse(tenant.login("rota@example.com", PASSWORD).body().path("access_token").asText());
        assertThat(after.getHeader().getKeyID()).isEqualTo(rotated.body().path("kid").asText()).isNotEqualTo(before.getHeader().getKeyID());
        JWKSet published = JWKSet.parse(tenant.anonymous.get(tenant.base() + "/.well-known/jwks.json").body().toString());
        assertThat(published.getKeys()).hasSize(2);
        assertThat(published.getKeys().getFirst().getKeyID()).isEqualTo(after.getHeader().getKeyID());
        assertThat(before.verify(new RSASSAVerifier(published.getKeyByKeyId(before.getHeader().getKeyID()).toRSAKey()))).isTrue();
        assertThat(after.verify(new RSASSAVerifier(published.getKeyByKeyId(after.getHeader().getKeyID()).toRSAKey()))).isTrue();
        assertThat(published.toString()).doesNotContain("\"d\"");
    }

    @Test
    void with_a_public_url_the_issuer_is_fixed_and_other_hosts_are_refused(@TempDir Path dataDir) throws Exception {
        try (TestServer fixed = TestServer.start(dataDir, new Exposure(Optional.of("https://id.example.com/"), false, TrustedProxies.NONE),
                TestServer.THROTTLING)) {
            AuthFixture tenant = new AuthFixture(fixed);
            String discovery = tenant.base() + "/.well-known/openid-configuration";

            String good = get(fixed, discovery, "id.example.com");
            assertThat(good).startsWith("HTTP/1.1 200");
            assertThat(TestRuntime.JSON.readTree(good.substring(good.indexOf("\r\n\r\n") + 4)).path("issuer").asText())
                    .isEqualTo("https://id.example.com" + tenant.base());
            String evil = get(fixed, discovery, "evil.example");
            assertThat(evil).startsWith("HTTP/1.1 421").contains("misdirected_request").doesNotContain("evil.example/t/");
            assertThat(get(fixed, "/health", "10.1.2.3:8080")).startsWith("HTTP/1.1 200");
        }
    }

    /** A GET with a chosen Host header, which the JDK's HTTP client does not let a caller set. */
    private static String get(TestServer server, String path, String host) throws Exception {
        try (Socket socket = new Socket("localhost", server.app().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
