package io.hookbox.http;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class HookApiTest {

    static final String CONTENT = "function handle(data, callback) { callback(null, data); }";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private TestServer.Tenant tenant;
    private ApiClient client;

    /** The database this invocation of the class runs on; its server is opened before each invocation. */
    @Parameter
    Backend backend;

    @BeforeParameterizedClassInvocation
    static void start(Backend backend) {
        server = TestServer.start(backend, dataDir);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @BeforeEach
    void newTenant() {
        tenant = server.newTenant();
        client = tenant.client();
    }

    @Test
    void aNewHookIsStoredAtTheEndOfItsTypeWithItsDefaults() {
        JsonNode first = create("pre-login", "first");
        ApiClient.Response created = client.post("/api/hooks", """
                {"name": "second", "type": "pre-login", "content": "function handle(d, cb) { cb(null, d); }", "description": "the 2nd"}""");

        assertThat(created.status()).isEqualTo(201);
        JsonNode second = created.body();
        assertThat(first.path("position").asInt()).isZero();
        assertThat(second.path("position").asInt()).isEqualTo(1);
        assertThat(second.path("name").asText()).isEqualTo("second");
        assertThat(second.path("description").asText()).isEqualTo("the 2nd");
        assertThat(first.path("description").asText()).isEmpty();
        assertThat(second.path("type").asText()).isEqualTo("pre-login");
        assertThat(second.path("enabled").asBoolean()).isTrue();
        assertThat(second.path("version").asLong()).isEqualTo(1);
        assertThat(second.path("createdAt").asText()).isNotEmpty().isEqualTo(second.path("updatedAt").asText());
        assertThat(client.get("/api/hooks/" + second.path("id").asText()).body()).isEqualTo(second);
    }

    @Test
    void theListIsOrderedByTypeInFlowOrderThenByPosition() {
        create("post-register", "c");
        create("pre-login", "a");
        create("post-login", "b");
        create("pre-login", "a2");

        assertThat(names(client.get("/api/hooks").body())).containsExactly("a", "a2", "b", "c");
        assertThat(names(client.get("/api/hooks?type=pre-login").body())).containsExactly("a", "a2");
        ApiClient.Response unknown = client.get("/api/hooks?type=mid-login");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown_hook_type");
    }

    @Test
    void patchingChangesOnlyTheGivenFieldsAndBumpsTheVersion() {
        JsonNode hook = create("pre-login", "checker");
        ApiClient.Response patched = client.patch(path(hook), "{\"enabled\": false, \"description\": \"off for now\", \"version\": 1}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("enabled").asBoolean()).isFalse();
        assertThat(patched.body().path("description").asText()).isEqualTo("off for now");
        assertThat(patched.body().path("name").asText()).isEqualTo("checker");
        assertThat(patched.body().path("content").asText()).isEqualTo(CONTENT);
        assertThat(patched.body().path("version").asLong()).isEqualTo(2);
        assertThat(client.get(path(hook)).body()).isEqualTo(patched.body());
    }

    @Test
    void aChangeBasedOnAnOldVersionIs409WithTheCurrentHook() {
        JsonNode hook = create("pre-login", "checker");
        JsonNode current = client.patch(path(hook), "{\"name\": \"renamed\", \"version\": 1}").body();

        ApiClient.Response stale = client.patch(path(hook), "{\"enabled\": false, \"version\": 1}");

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.error()).isEqualTo("version_conflict");
        assertThat(stale.body().path("details").path("current")).isEqualTo(current);
        assertThat(client.get(path(hook)).body().path("enabled").asBoolean()).isTrue();
        ApiClient.Response noVersion = client.patch(path(hook), "{\"enabled\": false}");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.body().path("details").path("field").asText()).isEqualTo("version");
    }

    @Test
    void changingTheTypeAppendsTheHookThereAndClosesTheGapItLeaves() {
        JsonNode a = create("pre-login", "a");
        JsonNode b = create("pre-login", "b");
        create("pre-login", "c");
        create("post-login", "x");

        JsonNode moved = client.patch(path(b), "{\"type\": \"post-login\", \"version\": 1}").body();

        assertThat(moved.path("type").asText()).isEqualTo("post-login");
        assertThat(moved.path("position").asInt()).isEqualTo(1);
        assertOrder("pre-login", "a", "c");
        assertOrder("post-login", "x", "b");
        assertThat(client.get(path(a)).body().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void deletingAHookIs204AndTheHooksAfterItMoveUp() {
        create("pre-login", "a");
        JsonNode b = create("pre-login", "b");
        create("pre-login", "c");

        ApiClient.Response deleted = client.delete(path(b));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(client.get(path(b)).status()).isEqualTo(404);
        assertOrder("pre-login", "a", "c");
        assertThat(client.delete(path(b)).status()).isEqualTo(404);
    }

    @Test
    void reorderingSetsTheWholeOrderOfAType() {
        JsonNode a = create("pre-login", "a");
        JsonNode b = create("pre-login", "b");
        JsonNode c = create("pre-login", "c");

        ApiClient.Response reordered = client.put("/api/hooks/order", order("pre-login", c, a, b));

        assertThat(reordered.status()).isEqualTo(200);
        assertThat(names(reordered.body())).containsExactly("c", "a", "b");
        assertOrder("pre-login", "c", "a", "b");
    }

    @Test
    void aReorderThatIsNotExactlyTheTypesHooksSaysWhatIsWrongAndChangesNothing() {
        JsonNode a = create("pre-login", "a");
        JsonNode b = create("pre-login", "b");
        JsonNode c = create("pre-login", "c");
        JsonNode other = create("post-login", "other");

        ApiClient.Response wrong = client.put("/api/hooks/order", order("pre-login", b, b, other));

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.error()).isEqualTo("order_mismatch");
        JsonNode details = wrong.body().path("details");
        assertThat(texts(details.path("missing"))).containsExactly(id(a), id(c));
        assertThat(texts(details.path("extra"))).containsExactly(id(other));
        assertThat(texts(details.path("repeated"))).containsExactly(id(b));
        assertOrder("pre-login", "a", "b", "c");
        assertThat(client.put("/api/hooks/order", "{\"type\": \"mid-login\", \"ids\": []}").error()).isEqualTo("unknown_hook_type");
        assertThat(client.put("/api/hooks/order", "{\"type\": \"pre-login\"}").status()).isEqualTo(400);
    }

    @Test
    void movingAHookShiftsTheHooksBetween() {
        create("pre-login", "a");
        create("pre-login", "b");
        JsonNode c = create("pre-login", "c");

        ApiClient.Response moved = client.post(path(c) + "/move", "{\"position\": 0}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().path("position").asInt()).isZero();
        assertOrder("pre-login", "c", "a", "b");
        ApiClient.Response outOfRange = client.post(path(c) + "/move", "{\"position\": 3}");
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.error()).isEqualTo("position_out_of_range");
        assertThat(client.post(path(c) + "/move", "{\"position\": -1}").error()).isEqualTo("position_out_of_range");
        assertOrder("pre-login", "c", "a", "b");
    }

    @Test
    void contentThatDoesNotCompileIsRefusedWithItsLineAndColumn() {
        ApiClient.Response response = client.post("/api/hooks",
                "{\"name\": \"broken\", \"type\": \"pre-login\", \"content\": \"function handle(d, cb) {\\n  cb(null, d;\\n}\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_hook_content");
        assertThat(response.body().path("details").path("code").asText()).isEqualTo("SYNTAX_ERROR");
        assertThat(response.body().path("details").path("line").asInt()).isEqualTo(2);
        assertThat(response.body().path("details").has("column")).isTrue();
        assertThat(client.get("/api/hooks").body()).isEmpty();
    }

    @Test
    void contentWithoutHandleOrOverTheSizeLimitIsRefused() {
        ApiClient.Response noHandle = client.post("/api/hooks", "{\"name\": \"h\", \"type\": \"pre-login\", \"content\": \"var x = 1;\"}");
        assertThat(noHandle.error()).isEqualTo("invalid_hook_content");
        assertThat(noHandle.body().path("details").path("code").asText()).isEqualTo("NO_HANDLE");

        String big = "// " + "x".repeat(25_000) + "\\n" + CONTENT;
        ApiClient.Response tooLarge = client.post("/api/hooks", "{\"name\": \"h\", \"type\": \"pre-login\", \"content\": \"" + big + "\"}");
        assertThat(tooLarge.error()).isEqualTo("invalid_hook_content");
        assertThat(tooLarge.body().path("details").path("code").asText()).isEqualTo("SOURCE_TOO_LARGE");

        JsonNode hook = create("pre-login", "good");
        ApiClient.Response badPatch = client.patch(path(hook), "{\"content\": \"var x = 1;\", \"version\": 1}");
        assertThat(badPatch.error()).isEqualTo("invalid_hook_content");
        assertThat(client.get(path(hook)).body()).isEqualTo(hook);
    }

    @Test
    void namesAreRequiredShortAndUniquePerType() {
        create("pre-login", "same");
        assertInvalidField(client.post("/api/hooks", hookJson("pre-login", null)), "name");
        assertInvalidField(client.post("/api/hooks", hookJson("pre-login", "  ")), "name");
        assertInvalidField(client.post("/api/hooks", hookJson("pre-login", "n".repeat(101))), "name");
        assertThat(client.post("/api/hooks", hookJson("pre-login", "n".repeat(100))).status()).isEqualTo(201);

        ApiClient.Response taken = client.post("/api/hooks", hookJson("pre-login", "same"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.error()).isEqualTo("hook_name_taken");
        assertThat(client.post("/api/hooks", hookJson("post-login", "same")).status()).isEqualTo(201);

        JsonNode other = create("pre-login", "other");
        assertThat(client.patch(path(other), "{\"name\": \"same\", \"version\": 1}").error()).isEqualTo("hook_name_taken");
        JsonNode postLoginSame = client.get("/api/hooks?type=post-login").body().get(0);
        assertThat(client.patch(path(postLoginSame), "{\"type\": \"pre-login\", \"version\": 1}").error()).isEqualTo("hook_name_taken");
    }

    @Test
    void badBodiesAreClear4xxsAndStoreNothing() {
        assertInvalid(client.post("/api/hooks", "{not json"), "not valid JSON");
        assertInvalid(client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"pre-login\", \"content\": \"" + CONTENT + "\", \"surprise\": 1}"),
                "surprise");
        assertInvalidField(client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"pre-login\", \"content\": \"" + CONTENT
                + "\", \"enabled\": \"yes\"}"), "enabled");
        assertInvalidField(client.post("/api/hooks", "{\"name\": 5, \"type\": \"pre-login\", \"content\": \"" + CONTENT + "\"}"), "name");
        assertInvalidField(client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"pre-login\"}"), "content");
        assertThat(client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"mid-login\", \"content\": \"x\"}").error())
                .isEqualTo("unknown_hook_type");
        assertInvalidField(client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"pre-login\", \"content\": \"// \\u0000\\n" + CONTENT
                + "\"}"), "content");
        assertThat(client.post("/api/hooks", "[]").status()).isEqualTo(400);
        assertThat(client.post("/api/hooks", "").status()).isEqualTo(400);

        ApiClient.Response notJson = client.send("POST", "/api/hooks", "name=a", "text/plain");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.error()).isEqualTo("unsupported_media_type");
        ApiClient.Response huge = client.post("/api/hooks", "{\"name\": \"a\", \"type\": \"pre-login\", \"content\": \""
                + "x".repeat((int) HttpApi.MAX_BODY_BYTES) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.error()).isEqualTo("payload_too_large");

        JsonNode hook = create("pre-login", "a");
        assertInvalidField(client.patch(path(hook), "{\"version\": \"1\"}"), "version");
        assertInvalidField(client.post(path(hook) + "/move", "{\"position\": 1.5}"), "position");
        assertThat(client.get("/api/hooks").body()).hasSize(1);
    }

    @Test
    void aStoredHookRunsLikeAnyHook() {
        JsonNode hook = create("post-login", "greeter",
                "function handle(data, cb) { console.log('hi'); data.user.app_metadata.greeted = true; cb(null, data); }");

        ApiClient.Response run = client.post(path(hook) + "/run", "{\"context\": {\"user\": {\"id\": \"u1\"}}}");

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("status").asText()).isEqualTo("success");
        assertThat(run.body().path("result").path("user").path("id").asText()).isEqualTo("u1");
        assertThat(run.body().path("result").path("user").path("app_metadata").path("greeted").asBoolean()).isTrue();
        assertThat(run.body().path("input").path("user").path("app_metadata").has("greeted")).isFalse();
        assertThat(run.body().path("console").get(0).path("message").asText()).isEqualTo("hi");
        assertThat(client.post(path(hook) + "/run", "{}").body().path("status").asText()).isEqualTo("success");
        assertThat(client.post(path(hook) + "/run", "{\"context\": 3}").status()).isEqualTo(400);
        assertThat(client.post(path(hook) + "/run", "{\"content\": \"x\"}").status()).isEqualTo(400);
        assertThat(client.post("/api/hooks/no-such-hook/run", "{}").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsHookAnswersExactlyAsAMissingOne() {
        JsonNode mine = create("pre-login", "mine");
        ApiClient stranger = server.newTenant().client();
        ApiClient.Response missing = stranger.get("/api/hooks/no-such-hook");

        for (ApiClient.Response response : List.of(
                stranger.get(path(mine)),
                stranger.patch(path(mine), "{\"enabled\": false, \"version\": 1}"),
                stranger.post(path(mine) + "/move", "{\"position\": 0}"),
                stranger.post(path(mine) + "/run", "{}"),
                stranger.delete(path(mine)))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.error()).isEqualTo("not_found");
            assertThat(response.body().path("message").asText())
                    .isEqualTo(missing.body().path("message").asText().replace("no-such-hook", id(mine)));
        }
        assertThat(stranger.get("/api/hooks").body()).isEmpty();
        ApiClient.Response foreignOrder = stranger.put("/api/hooks/order", order("pre-login", mine));
        assertThat(texts(foreignOrder.body().path("details").path("extra"))).containsExactly(id(mine));
        assertThat(client.get(path(mine)).body()).isEqualTo(mine);
    }

    @Test
    void theFlowGetsOnlyEnabledHooksInOrder() {
        create("pre-login", "a");
        JsonNode b = create("pre-login", "b");
        JsonNode c = create("pre-login", "c");
        create("post-login", "elsewhere");
        client.patch(path(b), "{\"enabled\": false, \"version\": 1}");
        client.post(path(c) + "/move", "{\"position\": 0}");

        assertThat(server.hooks().hooksInOrder(tenant.id(), "pre-login")).extracting(PipelineHook::name).containsExactly("c", "a");
    }

    @Test
    void eachHookHasAFailurePolicyThatDefaultsByItsType() {
        assertThat(create("pre-login", "strict").path("onError").asText()).isEqualTo("deny");
        JsonNode after = create("post-register", "after");
        assertThat(after.path("onError").asText()).isEqualTo("continue");

        ApiClient.Response lenient = client.post("/api/hooks", """
                {"type": "post-login", "name": "lenient", "content": "function handle(d, cb) { cb(null, d); }", "onError": "continue"}""");
        assertThat(lenient.status()).isEqualTo(201);
        assertThat(lenient.body().path("onError").asText()).isEqualTo("continue");

        ApiClient.Response patched = client.patch(path(after), "{\"onError\": \"deny\", \"version\": 1}");
        assertThat(patched.body().path("onError").asText()).isEqualTo("deny");
        assertThat(patched.body().path("version").asLong()).isEqualTo(2);
        assertThat(client.get(path(after)).body().path("onError").asText()).isEqualTo("deny");

        ApiClient.Response bad = client.patch(path(after), "{\"onError\": \"ignore\", \"version\": 2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("details").path("field").asText()).isEqualTo("onError");
    }

    private JsonNode create(String type, String name) {
        return create(type, name, CONTENT);
    }

    private JsonNode create(String type, String name, String content) {
        ApiClient.Response response = client.post("/api/hooks",
                "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"content\": " + TestRuntime.JSON.getNodeFactory().textNode(content) + "}");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    private static String hookJson(String type, String name) {
        return "{\"name\": " + (name == null ? "null" : "\"" + name + "\"") + ", \"type\": \"" + type + "\", \"content\": \"" + CONTENT + "\"}";
    }

    private void assertOrder(String type, String... names) {
        JsonNode hooks = client.get("/api/hooks?type=" + type).body();
        assertThat(names(hooks)).containsExactly(names);
        for (int i = 0; i < hooks.size(); i++) {
            assertThat(hooks.get(i).path("position").asInt()).isEqualTo(i);
        }
    }

    private static String order(String type, JsonNode... hooks) {
        List<String> ids = new ArrayList<>();
        for (JsonNode hook : hooks) {
            ids.add("\"" + id(hook) + "\"");
        }
        return "{\"type\": \"" + type + "\", \"ids\": [" + String.join(", ", ids) + "]}";
    }

    private static String path(JsonNode hook) {
        return "/api/hooks/" + id(hook);
    }

    private static String id(JsonNode hook) {
        return hook.path("id").asText();
    }

    private static List<String> names(JsonNode hooks) {
        List<String> names = new ArrayList<>();
        hooks.forEach(hook -> names.add(hook.path("name").asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static void assertInvalid(ApiClient.Response response, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("message").asText()).contains(messagePart);
    }

    private static void assertInvalidField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_request");
        assertThat(response.body().path("details").path("field").asText()).isEqualTo(field);
    }
}
