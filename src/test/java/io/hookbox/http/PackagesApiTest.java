package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.FakeRegistry;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** npm packages through the API: search, install with its log, run, update, remove; the registry is on loopback. */
class PackagesApiTest {

    @TempDir
    static Path dataDir;
    private static FakeRegistry registry;
    private static TestServer server;

    private static final String USES_PAD = "const pad = require('pad-it');"
            + " function handle(data, callback) { data.user.app_metadata.padded = pad('x'); callback(null, data); }";

    @BeforeAll
    static void start() {
        registry = new FakeRegistry();
        registry.publish(registry.version("pad-it", "1.0.0").dependency("@acme/stars", "^2.0.0")
                .file("index.js", "const stars = require('@acme/stars'); module.exports = (s) => stars(1) + s;"));
        registry.publish(registry.version("@acme/stars", "2.0.0").manifest("main", "lib/stars.js")
                .file("lib/stars.js", "module.exports = (n) => '*'.repeat(n);"));
        server = TestServer.withRegistry(dataDir, registry.url());
    }

    @AfterAll
    static void stop() {
        server.close();
        registry.close();
    }

    private static String createHook(ApiClient client, String name, String content, String packagesJson) {
        ApiClient.Response created = client.post("/api/hooks", "{\"name\": \"" + name + "\", \"type\": \"post-login\","
                + " \"content\": " + TestServerJson.quote(content) + (packagesJson == null ? "" : ", \"packages\": " + packagesJson) + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    @Test
    void searchGoesThroughHookbox() {
        ApiClient.Response found = server.client().get("/api/packages/search?q=pad&size=5");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get(0).path("name").asText()).isEqualTo("pad-it");
        assertThat(found.body().get(0).path("version").asText()).startsWith("1.");
        assertThat(found.body().get(0).path("description").asText()).isNotEmpty();
        assertThat(server.client().get("/api/packages/search").error()).isEqualTo("invalid_request");
    }

    @Test
    void aHookSavedBeforeItsPackagesWarnsThenRunsOnceTheyAreAdded() {
        ApiClient client = server.newTenant().client();
        ApiClient.Response created = client.post("/api/hooks", "{\"name\": \"pad\", \"type\": \"post-login\", \"content\": "
                + TestServerJson.quote(USES_PAD) + "}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("warnings").toString()).contains("'pad-it'");
        String id = created.body().path("id").asText();
        long version = created.body().path("version").asLong();

        JsonNode before = client.post("/api/hooks/" + id + "/run", "{}").body();
        assertThat(before.path("error").path("message").asText()).contains("Cannot find module 'pad-it'");

        ApiClient.Response added = client.put("/api/hooks/" + id + "/packages/pad-it", "{}");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
        assertThat(added.body().path("package").path("version").asText()).isEqualTo("1.0.0");
        assertThat(added.body().path("package").path("range").asText()).isEqualTo("^1.0.0");
        assertThat(added.body().path("hookVersion").asLong()).isEqualTo(version + 1);
        assertThat(added.body().path("log").toString()).contains("resolved pad-it@^1.0.0 to 1.0.0").contains("integrity ok");
        assertThat(client.get("/api/hooks/" + id).body().path("version").asLong()).isEqualTo(version + 1);

        JsonNode run = client.post("/api/hooks/" + id + "/run", "{}").body();
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.path("result").path("user").path("app_metadata").path("padded").asText()).isEqualTo("*x");
        JsonNode pipeline = client.post("/api/pipelines/post-login/run", "{}").body();
        assertThat(pipeline.path("result").path("user").path("app_metadata").path("padded").asText()).as(pipeline.toString())
                .isEqualTo("*x");

        JsonNode listed = client.get("/api/hooks/" + id + "/packages").body();
        assertThat(listed.get(0).path("name").asText()).isEqualTo("pad-it");
        assertThat(listed.get(0).path("outdated").asBoolean()).isFalse();
        registry.publish(registry.version("pad-it", "1.1.0").dependency("@acme/stars", "^2.0.0")
                .file("index.js", "const stars = require('@acme/stars'); module.exports = (s) => stars(2) + s;"));
        listed = client.get("/api/hooks/" + id + "/packages").body();
        assertThat(listed.get(0).path("latest").asText()).isEqualTo("1.1.0");
        assertThat(listed.get(0).path("outdated").asBoolean()).isTrue();

        ApiClient.Response updated = client.put("/api/hooks/" + id + "/packages/pad-it", "{\"range\": \"^1.1.0\"}");
        assertThat(updated.body().path("package").path("version").asText()).isEqualTo("1.1.0");
        assertThat(client.post("/api/hooks/" + id + "/run", "{}").body().path("result").path("user").path("app_metadata")
                .path("padded").asText()).isEqualTo("**x");

        assertThat(client.delete("/api/hooks/" + id + "/packages/pad-it").status()).isEqualTo(204);
        assertThat(client.get("/api/hooks/" + id + "/packages").body()).isEmpty();
        assertThat(client.delete("/api/hooks/" + id + "/packages/pad-it").error()).isEqualTo("package_not_installed");

        List<String> changes = new ArrayList<>();
        client.get("/api/audit").body().forEach(event -> {
            if (event.path("action").asText().startsWith("hook.package")) {
                assertThat(event.path("hookId").asText()).isEqualTo(id);
                changes.add(event.path("action").asText() + " " + event.path("summary").asText());
            }
        });
        assertThat(changes).containsExactly("hook.package_removed removed pad-it from the hook",
                "hook.package_installed installed pad-it@1.1.0 (^1.1.0) in the hook",
                "hook.package_installed installed pad-it@1.0.0 (^1.0.0) in the hook");
    }

    @Test
    void aDeployFixesThePackageVersionsFlowsRunAndARollbackRestoresThem() {
        registry.publish(registry.version("greet", "1.0.0").file("index.js", "module.exports = 'one';"));
        registry.publish(registry.version("greet", "2.0.0").file("index.js", "module.exports = 'two';"));
        ApiClient client = server.newTenant().client();
        String id = createHook(client, "greets", "const greet = require('greet');"
                + " function handle(data, callback) { data.user.app_metadata.greeting = greet; callback(null, data); }", "{\"greet\": \"1.0.0\"}");
        assertThat(client.get("/api/hooks/" + id + "/versions").body().get(0).path("packages").toString()).isEqualTo("{\"greet\":\"1.0.0\"}");

        assertThat(client.put("/api/hooks/" + id + "/packages/greet", "{\"range\": \"2.0.0\"}").status()).isEqualTo(200);
        assertThat(client.get("/api/hooks/" + id).body().path("draftChanged").asBoolean()).as("new packages are a draft change").isTrue();
        assertThat(greeting(client, "draft")).isEqualTo("two");
        assertThat(greeting(client, "deployed")).as("flows keep the versions deployed").isEqualTo("one");

        JsonNode deployed = client.post("/api/hooks/" + id + "/deploy", "{\"note\": \"greet 2\"}").body();
        assertThat(deployed.path("draftChanged").asBoolean()).isFalse();
        assertThat(greeting(client, "deployed")).isEqualTo("two");
        assertThat(client.get("/api/hooks/" + id + "/versions/2").body().path("packages").toString()).isEqualTo("{\"greet\":\"2.0.0\"}");

        assertThat(client.post("/api/hooks/" + id + "/versions/1/deploy", "").status()).isEqualTo(200);
        JsonNode latest = client.get("/api/hooks/" + id + "/versions").body().get(0);
        assertThat(latest.path("number").asInt()).isEqualTo(3);
        assertThat(latest.path("packages").toString()).isEqualTo("{\"greet\":\"1.0.0\"}");
        assertThat(greeting(client, "deployed")).isEqualTo("one");
        assertThat(greeting(client, "draft")).as("a draft without pending changes follows the rollback").isEqualTo("one");
        assertThat(client.get("/api/hooks/" + id + "/packages").body().get(0).path("version").asText()).isEqualTo("1.0.0");
    }

    /** What the tenant's post-login hooks set as the greeting in a pipeline test run of their drafts or deployed versions. */
    private static String greeting(ApiClient client, String use) {
        JsonNode run = client.post("/api/pipelines/post-login/run", "{\"use\": \"" + use + "\"}").body();
        return run.path("result").path("user").path("app_metadata").path("greeting").asText(run.toString());
    }

    @Test
    void aHookCreatedWithItsPackagesAndADraftRunWithPackagesWork() {
        ApiClient client = server.newTenant().client();
        String id = createHook(client, "with packages", USES_PAD, "{\"pad-it\": \"1.0.0\"}");
        assertThat(client.get("/api/hooks/" + id + "/packages").body().get(0).path("version").asText()).isEqualTo("1.0.0");
        JsonNode draft = client.post("/api/run", "{\"type\": \"post-login\", \"content\": " + TestServerJson.quote(USES_PAD)
                + ", \"packages\": {\"pad-it\": \"1.0.0\"}}").body();
        assertThat(draft.path("result").path("user").path("app_metadata").path("padded").asText()).as(draft.toString())
                .isEqualTo("*x");
    }

    @Test
    void scopedNamesAreOneEncodedSegment() {
        ApiClient client = server.newTenant().client();
        String id = createHook(client, "scoped", "function handle(d, cb) { cb(null, d); }", null);
        ApiClient.Response added = client.put("/api/hooks/" + id + "/packages/@acme%2Fstars", "{\"range\": \"2.0.0\"}");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
        assertThat(added.body().path("package").path("name").asText()).isEqualTo("@acme/stars");
    }

    @Test
    void failedInstallsLeaveTheHookAsItWasAndAnswerTheirCodes() {
        ApiClient client = server.newTenant().client();
        String id = createHook(client, "unchanged", "function handle(d, cb) { cb(null, d); }", null);
        long version = client.get("/api/hooks/" + id).body().path("version").asLong();
        ApiClient.Response unknown = client.put("/api/hooks/" + id + "/packages/no-such-thing", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("package_not_found");
        ApiClient.Response noMatch = client.put("/api/hooks/" + id + "/packages/pad-it", "{\"range\": \"^7\"}");
        assertThat(noMatch.status()).isEqualTo(400);
        assertThat(noMatch.error()).isEqualTo("no_matching_version");
        FakeRegistry.Version tampered = registry.version("tampered-api", "1.0.0").file("index.js", "");
        tampered.integrity = FakeRegistry.integrity(new byte[] {1});
        registry.publish(tampered);
        ApiClient.Response mismatch = client.put("/api/hooks/" + id + "/packages/tampered-api", "{}");
        assertThat(mismatch.status()).isEqualTo(502);
        assertThat(mismatch.error()).isEqualTo("integrity_mismatch");
        assertThat(client.get("/api/hooks/" + id).body().path("version").asLong()).isEqualTo(version);
        assertThat(client.get("/api/hooks/" + id + "/packages").body()).isEmpty();
        ApiClient.Response noHook = client.post("/api/hooks", "{\"name\": \"never\", \"type\": \"post-login\","
                + " \"content\": \"function handle(d, cb) { cb(null, d); }\", \"packages\": {\"no-such-thing\": \"1\"}}");
        assertThat(noHook.error()).isEqualTo("package_not_found");
        assertThat(client.get("/api/hooks").body().toString()).doesNotContain("never");
    }

    @Test
    void theInstallLogStreamsAsItHappens() {
        ApiClient client = server.newTenant().client();
        String id = createHook(client, "streamed", "function handle(d, cb) { cb(null, d); }", null);
        registry.publish(registry.version("slow-download", "1.0.0").file("index.js", "module.exports = 1;"));
        CountDownLatch gate = new CountDownLatch(1);
        registry.holdTarballs(gate);
        try {
            HttpResponse<Stream<String>> response = client.streamLines("PUT", "/api/hooks/" + id + "/packages/slow-download", "{}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/x-ndjson");
            Iterator<String> lines = response.body().iterator();
            // The first line arrives while the registry still holds the download.
            assertThat(json(lines.next()).path("log").asText()).isEqualTo("resolved slow-download@^1.0.0 to 1.0.0");
            assertThat(gate.getCount()).isEqualTo(1);
            gate.countDown();
            List<JsonNode> rest = new ArrayList<>();
            lines.forEachRemaining(line -> rest.add(json(line)));
            assertThat(rest.getFirst().path("log").asText()).startsWith("downloaded slow-download@1.0.0").contains("integrity ok");
            JsonNode result = rest.getLast().path("result");
            assertThat(result.path("package").path("version").asText()).isEqualTo("1.0.0");
            assertThat(result.path("log").get(0).asText()).isEqualTo("resolved slow-download@^1.0.0 to 1.0.0");
            assertThat(rest.get(rest.size() - 2).path("log").asText()).startsWith("installed slow-download@1.0.0 in the hook");
        } finally {
            gate.countDown();
            registry.holdTarballs(null);
        }

        FakeRegistry.Version tampered = registry.version("tampered-stream", "1.0.0").file("index.js", "");
        tampered.integrity = FakeRegistry.integrity(new byte[] {2});
        registry.publish(tampered);
        List<String> failed = client.streamLines("PUT", "/api/hooks/" + id + "/packages/tampered-stream", "{}").body().toList();
        assertThat(failed.getFirst()).contains("\"log\":\"resolved ");
        assertThat(failed).anyMatch(line -> line.contains("resolved tampered-stream@^1.0.0 to 1.0.0"));
        assertThat(json(failed.getLast()).path("error").path("error").asText()).isEqualTo("integrity_mismatch");
        assertThat(json(failed.getLast()).path("status").asInt()).isEqualTo(502);
        HttpResponse<Stream<String>> unknown = client.streamLines("PUT", "/api/hooks/" + id + "/packages/no-such-thing", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body().collect(Collectors.joining())).path("error").asText()).isEqualTo("package_not_found");
        assertThat(client.get("/api/hooks/" + id + "/packages").body().toString()).contains("slow-download").doesNotContain("tampered");
    }

    private static JsonNode json(String text) {
        return TestRuntime.json(text);
    }

    @Test
    void withoutARegistryInstallingSaysWhatToSet(@TempDir Path otherDir) {
        try (TestServer unconfigured = TestServer.start(otherDir)) {
            ApiClient.Response search = unconfigured.client().get("/api/packages/search?q=x");
            assertThat(search.status()).isEqualTo(502);
            assertThat(search.error()).isEqualTo("registry_unavailable");
            assertThat(search.body().path("message").asText()).contains("HOOKBOX_NPM_REGISTRY");
        }
    }

    /** JSON string quoting for the hook sources above. */
    private static final class TestServerJson {
        static String quote(String text) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
