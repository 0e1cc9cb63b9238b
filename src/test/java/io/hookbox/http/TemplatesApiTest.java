package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import io.hookbox.templates.HookTemplate;
import io.hookbox.templates.HookTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template gallery over HTTP: listed with every field, and each template saves as a hook of its type, test-runs
 * on a generated context, and does what its description says on a context chosen to show it.
 */
class TemplatesApiTest {

    private final TestServer server = TestServer.shared();
    private final ApiClient client = server.newTenant().client();

    static List<HookTemplate> templates() {
        return HookTemplates.all();
    }

    @Test
    void theGalleryListsEveryTemplateWithItsTypeFormAndSource() {
        ApiClient.Response listed = client.get("/api/templates");
        assertThat(listed.status()).isEqualTo(200);
        List<String> ids = StreamSupport.stream(listed.body().spliterator(), false).map(t -> t.path("id").asText()).toList();
        assertThat(ids).containsExactlyElementsOf(HookTemplates.all().stream().map(HookTemplate::id).toList());
        assertThat(ids).contains("block-disposable-email", "allow-email-domains", "require-verified-email", "roles-claim",
                "ip-allow-list", "record-last-login", "locale-claim");
        for (JsonNode template : listed.body()) {
            assertThat(template.fieldNames()).toIterable().containsExactly("id", "type", "form", "name", "description", "content");
        }
        assertThat(StreamSupport.stream(listed.body().spliterator(), false).map(t -> t.path("form").asText()).distinct())
                .containsExactlyInAnyOrder("handle", "action", "rule");
        assertThat(server.anonymous().get("/api/templates").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateSavesAndTestRunsAsItsType(HookTemplate template) {
        ObjectNode hook = TestRuntime.JSON.createObjectNode().put("type", template.type()).put("name", template.name())
                .put("content", template.content());
        ApiClient.Response saved = client.post("/api/hooks", hook.toString());
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        ApiClient.Response run = client.post("/api/hooks/" + saved.body().path("id").asText() + "/run", "{\"seed\": 17}");
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("status").asText()).as(run.body().toString()).isEqualTo("success");
    }

    @Test
    void eachTemplateDoesWhatItsDescriptionSays() {
        assertThat(error("block-disposable-email", "{\"user\": {\"email\": \"x@mailinator.com\"}}"))
                .isEqualTo("Please sign up with a permanent email address.");
        assertThat(error("allow-email-domains", "{\"user\": {\"email\": \"x@elsewhere.test\"}}"))
                .isEqualTo("Sign-ups are open to example.com, example.org only.");
        assertThat(result("allow-email-domains", "{\"user\": {\"email\": \"x@example.com\"}}").path("status").asText()).isEqualTo("success");
        assertThat(error("require-verified-email", "{\"user\": {\"email_verified\": false}}"))
                .isEqualTo("Please verify your email before signing in.");
        assertThat(result("roles-claim", "{\"user\": {\"app_metadata\": {\"roles\": [\"editor\"]}}}")
                .at("/result/context/accessToken/https:~1~1example.com~1roles").toString()).isEqualTo("[\"editor\"]");
        String ipList = template("ip-allow-list").content().replace("replace-with-a-client-id", "locked-app");
        assertThat(run("post-login", ipList, "{\"context\": {\"clientID\": \"locked-app\", \"request\": {\"ip\": \"203.0.113.9\"}}}")
                .at("/error/message").asText()).isEqualTo("Sign-in to this application is not allowed from 203.0.113.9");
        assertThat(run("post-login", ipList, "{\"context\": {\"clientID\": \"locked-app\", \"request\": {\"ip\": \"10.1.2.3\"}}}")
                .path("status").asText()).isEqualTo("success");
        JsonNode recorded = result("record-last-login",
                "{\"context\": {\"request\": {\"ip\": \"198.51.100.7\", \"headers\": {\"cf-ipcountry\": \"nz\"}}}}");
        assertThat(recorded.at("/result/user/app_metadata/last_login_ip").asText()).isEqualTo("198.51.100.7");
        assertThat(recorded.at("/result/user/app_metadata/last_login_country").asText()).isEqualTo("NZ");
        assertThat(result("locale-claim", "{\"context\": {\"request\": {\"headers\": {\"accept-language\": \"fr-CH, fr;q=0.9\"}}}}")
                .at("/result/context/idToken/https:~1~1example.com~1locale").asText()).isEqualTo("fr-CH");
    }

    private String error(String id, String context) {
        JsonNode body = result(id, context);
        assertThat(body.path("status").asText()).as(body.toString()).isNotEqualTo("success");
        return body.at("/error/message").asText();
    }

    private JsonNode result(String id, String context) {
        HookTemplate template = template(id);
        return run(template.type(), template.content(), context);
    }

    private JsonNode run(String type, String content, String context) {
        ObjectNode body = TestRuntime.JSON.createObjectNode().put("type", type).put("content", content).put("seed", 3);
        body.set("context", TestRuntime.json(context));
        ApiClient.Response response = client.post("/api/run", body.toString());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static HookTemplate template(String id) {
        return HookTemplates.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }
}
