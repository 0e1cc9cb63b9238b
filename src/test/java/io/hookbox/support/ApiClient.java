package io.hookbox.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A small HTTP client for tests: sends JSON, returns the status and the parsed JSON body. */
public final class ApiClient {

    public record Response(int status, JsonNode body, Map<String, String> headers) {
        public String error() {
            return body.path("error").asText();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public ApiClient withHeader(String name, String value) {
        ApiClient copy = new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        copy.defaultHeaders.putAll(defaultHeaders);
        copy.defaultHeaders.put(name, value);
        return copy;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        defaultHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? TestRuntime.JSON.nullNode() : parse(response.body());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            return new Response(response.statusCode(), json, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a JSON body asking for newline-delimited JSON, and answers the lines as they arrive (the stream blocks
     * until the next one). The status and headers are known on return.
     */
    public HttpResponse<Stream<String>> streamLines(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson");
        defaultHeaders.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return TestRuntime.JSON.readTree(body);
        } catch (IOException e) {
            return TestRuntime.JSON.getNodeFactory().textNode(body);
        }
    }
}
