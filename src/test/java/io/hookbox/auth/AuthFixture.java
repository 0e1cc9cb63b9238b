package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant of its own on the test server, with an application, and shortcuts to its API and auth endpoints. */
final class AuthFixture {

    final TestServer server;
    final String tenantId;
    final ApiClient api;
    final ApiClient anonymous;
    final String clientId;
    final String clientSecret;

    AuthFixture(TestServer server) {
        this.server = server;
        TestServer.Tenant tenant = server.newTenant();
        this.tenantId = tenant.id();
        this.api = tenant.client();
        this.anonymous = server.anonymous();
        ApiClient.Response app = api.post("/api/applications", "{\"name\": \"Web app\", \"grantTypes\": [\"password\", \"client_credentials\"], \"scopes\": [\"read:orders\", \"admin\", \"odd\"]}");
        assertThat(app.status()).as(app.body().toString()).isEqualTo(201);
        this.clientId = app.body().path("clientId").asText();
        this.clientSecret = app.body().path("clientSecret").asText();
    }

    String hook(String type, String name, String content) {
        return hook(type, name, content, null);
    }

    /** Stores a hook with the {@code onError} policy given, or the type's default for null. */
    String hook(String type, String name, String content, String onError) {
        ObjectNode hook = TestRuntime.JSON.createObjectNode().put("type", type).put("name", name).put("content", content);
        if (onError != null) {
            hook.put("onError", onError);
        }
        ApiClient.Response created = api.post("/api/hooks", hook.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    ApiClient.Response signUp(String email, String password, String extraJson) {
        return anonymous.post(base() + "/signup", "{\"client_id\": \"" + clientId + "\", \"email\": \"" + email
                + "\", \"password\": \"" + password + "\"" + (extraJson.isEmpty() ? "" : ", " + extraJson) + "}");
    }

    JsonNode signedUp(String email, String password) {
        ApiClient.Response response = signUp(email, password, "");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    ApiClient.Response login(String username, String password) {
        return login(anonymous, username, password);
    }

    /** A login sent to {@code node}: another server on the same database, for the cluster tests. */
    ApiClient.Response login(ApiClient node, String username, String password) {
        return node.post(base() + "/login", "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + clientSecret
                + "\", \"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
    }

    ApiClient.Response token(Map<String, String> form) {
        return token(anonymous, form);
    }

    ApiClient.Response token(ApiClient client, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send("POST", base() + "/oauth/token", body, "application/x-www-form-urlencoded");
    }

    JsonNode executions(String query) {
        ApiClient.Response response = api.get("/api/executions" + query);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    String base() {
        return "/t/" + tenantId;
    }
}
