package io.hookbox.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.support.ApiClient;
import io.hookbox.support.FakeRegistry;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** A real sign-in over HTTP whose post-login hook requires an npm package installed from the registry on loopback. */
class PackagesInSignInTest {

    private static final String PASSWORD = "lantern-quartz-meadow";

    @TempDir
    static Path dataDir;
    private static FakeRegistry registry;
    private static TestServer server;

    @BeforeAll
    static void start() {
        registry = new FakeRegistry();
        registry.publish(registry.version("claim-tools", "1.0.0").file("index.js", """
                const { createHash } = require('crypto');
                exports.team = (email) => 'team-' + createHash('sha256').update(email).digest('hex').slice(0, 8);
                exports.tag = (email) => Buffer.from(email).toString('base64url');
                """));
        registry.publish(registry.version("claim-tools", "2.0.0").file("index.js", """
                exports.team = (email) => 'team-' + email.split('@')[1];
                exports.tag = (email) => require('punycode').toASCII(email);
                """), false);
        server = TestServer.withRegistry(dataDir, registry.url());
    }

    @AfterAll
    static void stop() {
        server.close();
        registry.close();
    }

    @Test
    void aPostLoginHookUsesItsPackageToChangeTheTokens() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("dee@example.com", PASSWORD);
        ObjectNode hook = TestRuntime.JSON.createObjectNode().put("type", "post-login").put("name", "team claim").put("content", """
                const tools = require('claim-tools');
                function handle(data, callback) {
                  data.context.accessToken.team = tools.team(data.user.email);
                  data.context.idToken['https://example.com/tag'] = tools.tag(data.user.email);
                  callback(null, data);
                }""");
        hook.putObject("packages").put("claim-tools", "1.0.0");
        ApiClient.Response created = tenant.api.post("/api/hooks", hook.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().path("id").asText();

        ApiClient.Response login = tenant.login("dee@example.com", PASSWORD);

        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("dee@example.com".getBytes(StandardCharsets.UTF_8)));
        assertThat(claims(login, "access_token").getStringClaim("team")).isEqualTo("team-" + digest.substring(0, 8));
        assertThat(claims(login, "id_token").getStringClaim("https://example.com/tag")).isEqualTo(
                Base64.getUrlEncoder().withoutPadding().encodeToString("dee@example.com".getBytes(StandardCharsets.UTF_8)));

        // A new version of the package reaches sign-ins once the hook is deployed with it.
        assertThat(tenant.api.put("/api/hooks/" + id + "/packages/claim-tools", "{\"range\": \"2.0.0\"}").status()).isEqualTo(200);
        assertThat(tenant.api.post("/api/hooks/" + id + "/deploy", "{\"note\": \"claim-tools 2\"}").status()).isEqualTo(200);
        ApiClient.Response again = tenant.login("dee@example.com", PASSWORD);
        assertThat(claims(again, "access_token").getStringClaim("team")).isEqualTo("team-example.com");
        assertThat(claims(again, "id_token").getStringClaim("https://example.com/tag")).isEqualTo("dee@example.com");
    }

    private static JWTClaimsSet claims(ApiClient.Response login, String token) throws Exception {
        return SignedJWT.parse(login.body().path(token).asText()).getJWTClaimsSet();
    }
}
