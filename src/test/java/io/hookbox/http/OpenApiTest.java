package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Routes;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options", "trace");

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        ApiClient.Response response = server.anonymous().get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("content-type")).startsWith("application/json");
        document = response.body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("info").path("title").asText()).isEqualTo("hookbox");
    }

    @Test
    void everyRegisteredRouteIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (Routes.Route route : Routes.of(server.app())) {
            JsonNode operation = document.path("paths").path(route.path()).path(route.method().toLowerCase());
            if (!operation.isObject() || !operation.path("responses").isObject()) {
                undescribed.add(route.method() + " " + route.path());
            }
        }
        assertThat(undescribed).as("routes missing from openapi.json").isEmpty();
    }

    @Test
    void everyDescribedOperationIsARegisteredRoute() {
        List<String> registered = Routes.of(server.app()).stream().map(route -> route.method() + " " + route.path()).toList();
        List<String> described = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> described.add(operation.getKey().toUpperCase() + " " + path.getKey())));
        assertThat(registered).containsAll(described);
    }

    @Test
    void theHookTypesAreTheRegistrysAndListedInOnePlace() {
        List<String> documented = new ArrayList<>();
        document.path("components").path("schemas").path("HookType").path("enum").forEach(id -> documented.add(id.asText()));
        assertThat(documented).isEqualTo(HookTypes.ids());
        List<String> copies = new ArrayList<>();
        collectHookTypeLists(document, "", copies);
        assertThat(copies).as("lists of hook types outside components.schemas.HookType: use a $ref").containsExactly("/components/schemas/HookType/enum");
    }

    private static void collectHookTypeLists(JsonNode node, String path, List<String> found) {
        if (node.isArray() && node.toString().contains("\"" + HookTypes.PRE_LOGIN.id() + "\"")) {
            found.add(path);
        }
        if (node.isObject()) {
            node.properties().forEach(field -> collectHookTypeLists(field.getValue(), path + "/" + field.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectHookTypeLists(node.get(i), path + "/" + i, found);
            }
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        collectBrokenReferences(document, broken);
        assertThat(broken).isEmpty();
    }

    private static void collectBrokenReferences(JsonNode node, List<String> broken) {
        if (node.isObject() && node.has("$ref")) {
            String ref = node.path("$ref").asText();
            if (!ref.startsWith("#/") || document.at(ref.substring(1)).isMissingNode()) {
                broken.add(ref);
            }
        }
        node.forEach(child -> collectBrokenReferences(child, broken));
    }
}
