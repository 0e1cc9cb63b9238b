package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Node.js {@code vm.runInNewContext} with a timeout, in a long-lived {@code node} process spoken to in JSON lines
 * over its stdin and stdout (see node-peer.js). Timed from Java, an invocation includes that round trip, as
 * hookbox's includes its worker's; {@link #timeInside} times the same work inside Node, without it.
 */
final class NodeEngine implements HookEngine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process node;
    private final BufferedWriter requests;
    private final BufferedReader answers;

    NodeEngine() {
        try {
            Path dir = Files.createTempDirectory("hookbox-bench-node");
            Path peer = Files.writeString(dir.resolve("node-peer.js"), Workload.resource("node-peer.js"));
            Path wrapper = Files.writeString(dir.resolve("wrapper.js"), Workload.WRAPPER);
            node = new ProcessBuilder("node", peer.toString(), wrapper.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
        requests = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The version of the machine's {@code node}, or null when there is none. */
    static String version() {
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public String invoke(String source, String inputJson) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("source", source).put("input", inputJson);
        return exchange(request).path("output").asText();
    }

    /** Runs the workload inside Node after {@code warmupMs} of warm-up; answers each run's duration in nanoseconds. */
    long[] timeInside(Workload workload, long warmupMs, int iterations) throws IOException {
        ObjectNode loop = JSON.createObjectNode().put("input", Workload.INPUT).put("cold", workload.cold())
                .put("warmupMs", warmupMs).put("iterations", iterations);
        workload.sources().forEach(loop.putArray("sources")::add);
        ObjectNode request = JSON.createObjectNode();
        request.set("loop", loop);
        JsonNode nanos = exchange(request).path("nanos");
        long[] durations = new long[nanos.size()];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = nanos.get(i).asLong();
        }
        return durations;
    }

    private JsonNode exchange(ObjectNode request) throws IOException {
        requests.write(JSON.writeValueAsString(request));
        requests.newLine();
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("node exited");
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.has("error")) {
            throw new IOException("node: " + answer.get("error").asText());
        }
        return answer;
    }

    @Override
    public void close() {
        node.destroy();
    }
}
