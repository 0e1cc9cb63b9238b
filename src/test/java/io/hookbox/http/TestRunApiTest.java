package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import io.hookbox.testrun.TestContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestRunApiTest {

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static ApiClient client;
    private static final Map<String, String> hookIds = new HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        client = server.client();
        store("post-login", "add tier", "function handle(d, cb) { d.context.accessToken.tier = 'gold'; cb(null, d); }");
        store("post-login", "log", "function handle(d, cb) { console.log('tier', d.context.accessToken.tier); cb(null, d); }");
        store("pre-login", "deny", "function handle(d, cb) { cb(new Error('denied ' + d.user.email)); }");
        store("pre-login", "never", "function handle(d, cb) { cb(null, d); }");
    }

    private static void store(String type, String name, String content) {
        ObjectNode hook = TestRuntime.JSON.createObjectNode().put("type", type).put("name", name).put("content", content);
        ApiClient.Response created = client.post("/api/hooks", hook.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        hookIds.put(name, created.body().path("id").asText());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStoredHookRunsAgainstARandomContextOfItsType() {
        String id = hookIds.get("add tier");
        JsonNode body = client.post("/api/hooks/" + id + "/run", "{\"seed\": 5}").body();
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("input").toString()).isEqualTo(TestContexts.generate(HookTypes.POST_LOGIN, 5).toString());
        assertThat(body.path("result").path("context").path("accessToken").path("tier").asText()).isEqualTo("gold");

        ApiClient.Response mismatch = client.post("/api/hooks/" + id + "/run", "{\"type\": \"pre-login\"}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.error()).isEqualTo("type_mismatch");
        assertThat(client.post("/api/hooks/no-such-hook/run", "{}").status()).isEqualTo(404);
    }

    @Test
    void aRunWithoutContextGetsARandomOneAndSaysWhichSeed() {
        ApiClient.Response response = client.post("/api/run", """
                {"type": "pre-register", "content": "function handle(d, cb) { console.log(d.user.email); cb(null, d); }"}""");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("seed").isIntegralNumber()).isTrue();
        JsonNode expected = TestContexts.generate(HookTypes.PRE_REGISTER, body.path("seed").asLong());
        assertThat(body.path("input").toString()).isEqualTo(expected.toString());
        assertThat(body.path("console").get(0).path("message").asText()).isEqualTo(expected.path("user").path("email").asText());
        assertThat(body.has("durationMs")).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameInputAndAContextIsMergedOverIt() {
        String hook = "function handle(d, cb) { cb(null, d); }";
        JsonNode first = client.post("/api/run", "{\"type\": \"post-login\", \"content\": \"" + hook + "\", \"seed\": 9007199254740991}").body();
        JsonNode again = client.post("/api/run", "{\"type\": \"post-login\", \"content\": \"" + hook + "\", \"seed\": 9007199254740991}").body();
        assertThat(first.path("seed").asLong()).isEqualTo(9007199254740991L);
        assertThat(again.path("input")).isEqualTo(first.path("input"));

        JsonNode pinned = client.post("/api/run", "{\"type\": \"post-login\", \"content\": \"" + hook + "\", \"seed\": 9007199254740991,"
                + " \"context\": {\"user\": {\"email\": \"pinned@example.com\"}}}").body();
        assertThat(pinned.path("input").path("user").path("email").asText()).isEqualTo("pinned@example.com");
        assertThat(pinned.path("input").path("user").path("id")).isEqualTo(first.path("input").path("user").path("id"));
    }

    @Test
    void badSeedsAndContextsAre400s() {
        String start = "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) { cb(null, d); }\", ";
        for (String seed : new String[] {"-1", "9007199254740992", "1.5", "\"7\"", "1e30"}) {
            ApiClient.Response response = client.post("/api/run", start + "\"seed\": " + seed + "}");
            assertThat(response.status()).as(seed).isEqualTo(400);
            assertThat(response.error()).as(seed).isEqualTo("invalid_seed");
        }
        ApiClient.Response context = client.post("/api/run", start + "\"context\": \"user\"}");
        assertThat(context.status()).isEqualTo(400);
        assertThat(context.body().path("details").path("field").asText()).isEqualTo("context");
    }

    @Test
    void aPipelineRunRunsTheHooksOfTheTypeInOrder() {
        ApiClient.Response response = client.post("/api/pipelines/post-login/run", "{\"seed\": 12}");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("type").asText()).isEqualTo("post-login");
        assertThat(body.path("seed").asLong()).isEqualTo(12);
        assertThat(body.path("input").toString()).isEqualTo(TestContexts.generate(HookTypes.POST_LOGIN, 12).toString());
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("steps")).hasSize(2);
        assertThat(body.path("steps").get(0).path("hookId").asText()).isEqualTo(hookIds.get("add tier"));
        assertThat(body.path("steps").get(0).path("name").asText()).isEqualTo("add tier");
        assertThat(body.path("steps").get(0).path("status").asText()).isEqualTo("success");
        assertThat(body.path("steps").get(1).path("console").get(0).path("message").asText()).isEqualTo("tier gold");
        assertThat(body.path("result").path("context").path("accessToken").path("tier").asText()).isEqualTo("gold");
        assertThat(body.has("error")).isTrue();
    }

    @Test
    void aPipelineStopsAtTheFirstErrorAndAnswersIt() {
        JsonNode body = client.post("/api/pipelines/pre-login/run", "{\"context\": {\"user\": {\"email\": \"eve@example.com\"}}}").body();
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.path("error").path("code").asText()).isEqualTo("HOOK_ERROR");
        assertThat(body.path("error").path("message").asText()).isEqualTo("denied eve@example.com");
        assertThat(body.path("result").isNull()).isTrue();
        assertThat(body.path("steps")).hasSize(1);
        assertThat(body.path("steps").get(0).path("hookId").asText()).isEqualTo(hookIds.get("deny"));
    }

    @Test
    void testRunsChangeNothingStoredAndAreNotRecordedAsExecutions() {
        JsonNode hooksBefore = client.get("/api/hooks").body();
        client.post("/api/pipelines/post-login/run", "{}");
        client.post("/api/hooks/" + hookIds.get("add tier") + "/run", "{}");
        client.post("/api/run", "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) { d.user.name = 'x'; cb(null, d); }\"}");
        assertThat(client.get("/api/hooks").body()).isEqualTo(hooksBefore);
        assertThat(client.get("/api/executions").body()).isEmpty();
        assertThat(client.get("/api/users").body()).isEmpty();
    }

    @Test
    void aPipelineWithoutHooksPassesTheDataThrough() {
        JsonNode body = client.post("/api/pipelines/post-register/run", "{}").body();
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("steps")).isEmpty();
        assertThat(body.path("result")).isEqualTo(body.path("input"));
    }

    @Test
    void aPipelineOfAnUnknownTypeOrWithABadSeedIs400() {
        ApiClient.Response unknown = client.post("/api/pipelines/mid-login/run", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown_hook_type");
        ApiClient.Response badSeed = client.post("/api/pipelines/pre-login/run", "{\"seed\": -5}");
        assertThat(badSeed.status()).isEqualTo(400);
        assertThat(badSeed.error()).isEqualTo("invalid_seed");
        ApiClient.Response unknownField = client.post("/api/pipelines/pre-login/run", "{\"content\": \"x\"}");
        assertThat(unknownField.status()).isEqualTo(400);
    }

    @Test
    void hookTypesListTheirSemanticsAndDataSchema() {
        ApiClient.Response response = client.get("/api/hook-types");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(HookTypes.all().size());
        JsonNode postLogin = response.body().get(1);
        assertThat(postLogin.path("id").asText()).isEqualTo("post-login");
        assertThat(postLogin.path("title").asText()).isEqualTo("Post-login");
        assertThat(postLogin.path("canBlock").asBoolean()).isTrue();
        assertThat(postLogin.path("mayChange").toString()).contains("context.accessToken", "user.app_metadata");
        assertThat(postLogin.path("cannotChange").toString()).contains("context.idToken.sub");
        assertThat(postLogin.path("dataSchema").path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(postLogin.path("dataSchema").path("properties").path("context").path("properties").has("accessToken")).isTrue();
        assertThat(response.body().get(HookTypes.all().indexOf(HookTypes.POST_REGISTER)).path("canBlock").asBoolean()).isFalse();
        assertThat(postLogin.path("example").get(0).asText()).startsWith("// ");
    }

    @Test
    void aSampleIsAContextOfTheTypeWithItsSeedInAHeader() {
        ApiClient.Response response = client.get("/api/hook-types/pre-login/sample?seed=31");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("hookbox-seed")).isEqualTo("31");
        assertThat(response.body().toString()).isEqualTo(TestContexts.generate(HookTypes.PRE_LOGIN, 31).toString());

        ApiClient.Response random = client.get("/api/hook-types/post-register/sample");
        long seed = Long.parseLong(random.headers().get("hookbox-seed"));
        assertThat(random.body().toString()).isEqualTo(TestContexts.generate(HookTypes.POST_REGISTER, seed).toString());
    }

    @Test
    void aSampleWithABadSeedOrTypeIs400() {
        for (String seed : new String[] {"-1", "abc", "1.5", "9007199254740992"}) {
            ApiClient.Response response = client.get("/api/hook-types/pre-login/sample?seed=" + seed);
            assertThat(response.status()).as(seed).isEqualTo(400);
            assertThat(response.error()).isEqualTo("invalid_seed");
        }
        ApiClient.Response unknown = client.get("/api/hook-types/mid-login/sample");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown_hook_type");
    }
}
