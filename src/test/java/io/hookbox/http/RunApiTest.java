package io.hookbox.http;

import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunApiTest {

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsTheWorkers() {
        ApiClient.Response health = client.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("ok");
        assertThat(health.body().path("runtime").path("workersReady").asInt()).isPositive();
    }

    @Test
    void runningAHookAnswersItsRunResult() {
        ApiClient.Response response = client.post("/api/run", """
                {"type": "post-login", "content": "function handle(data, cb) { console.log('hi'); data.user.app_metadata.seen = true; cb(null, data); }",
                 "context": {"user": {"id": "u1"}}}""");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("success");
        assertThat(response.body().path("result").path("user").path("id").asText()).isEqualTo("u1");
        assertThat(response.body().path("result").path("user").path("app_metadata").path("seen").asBoolean()).isTrue();
        assertThat(response.body().path("console").get(0).path("message").asText()).isEqualTo("hi");
        assertThat(response.body().path("console").get(0).path("level").asText()).isEqualTo("log");
        assertThat(response.body().has("durationMs")).isTrue();
    }

    @Test
    void aFailingHookIsStillA200WithItsError() {
        ApiClient.Response response = client.post("/api/run",
                "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) {\\n  cb(new Error('denied'));\\n}\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("error").path("code").asText()).isEqualTo("HOOK_ERROR");
        assertThat(response.body().path("error").path("message").asText()).isEqualTo("denied");
        assertThat(response.body().path("error").path("line").asInt()).isEqualTo(2);
    }

    @Test
    void malformedRequestsAreClear400s() {
        assertBadRequest(client.post("/api/run", "{not json"), "not valid JSON");
        assertBadRequest(client.post("/api/run", ""), "empty");
        assertBadRequest(client.post("/api/run", "[]"), "wrong type");
        assertBadRequest(client.post("/api/run", "null"), "not null");
        assertBadRequest(client.post("/api/run", "{\"type\": \"pre-login\"}"), "content");
        assertBadRequest(client.post("/api/run", "{\"content\": \"function handle(d,c){c(null)}\"}"), "type");
        assertBadRequest(client.post("/api/run", "{\"type\": \"pre-login\", \"content\": 5}"), "content");
        assertBadRequest(client.post("/api/run", "{\"type\": \"pre-login\", \"content\": \"x\", \"context\": [1]}"), "context");
        assertBadRequest(client.post("/api/run", "{\"type\": \"pre-login\", \"content\": \"x\", \"surprise\": 1}"), "surprise");
        ApiClient.Response unknownType = client.post("/api/run", "{\"type\": \"mid-login\", \"content\": \"x\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.error()).isEqualTo("unknown_hook_type");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        ApiClient.Response response = client.send("POST", "/api/run", "type=pre-login", "application/x-www-form-urlencoded");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.error()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aHugeBodyIs413() {
        String huge = "{\"type\": \"pre-login\", \"content\": \"" + "x".repeat((int) HttpApi.MAX_BODY_BYTES + 10) + "\"}";
        ApiClient.Response response = client.post("/api/run", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("payload_too_large");
    }

    @Test
    void runningAHookNeedsAKey() {
        ApiClient.Response response = server.anonymous().post("/api/run",
                "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) { cb(null); }\"}");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("unauthorized");
    }

    @Test
    void unknownRoutesAnswerJson404() {
        ApiClient.Response response = client.get("/api/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("not_found");
    }

    private static void assertBadRequest(ApiClient.Response response, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_request");
        assertThat(response.body().path("message").asText()).containsIgnoringCase(messagePart);
    }
}
