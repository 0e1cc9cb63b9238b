package io.hookbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Node.js peer over HTTP: a {@code node} process serving {@code POST /run} on a loopback port, each request's hook
 * run by {@code vm.runInNewContext} with a timeout (node-peer.js with {@code --http}), measured with the same client
 * as hookbox.
 */
final class NodeHttpPeer implements AutoCloseable {

    private final Process node;
    private final URI run;

    private NodeHttpPeer(Process node, int port) {
        this.node = node;
        this.run = URI.create("http://127.0.0.1:" + port + "/run");
    }

    /** Starts the peer; null when the machine has no {@code node}. */
    static NodeHttpPeer startIfPresent() throws IOException {
        if (NodeEngine.version() == null) {
            return null;
        }
        Path dir = Files.createTempDirectory("hookbox-bench-node-http");
        Path peer = Files.writeString(dir.resolve("node-peer.js"), Workload.resource("node-peer.js"));
        Path wrapper = Files.writeString(dir.resolve("wrapper.js"), Workload.WRAPPER);
        Process node = new ProcessBuilder("node", peer.toString(), wrapper.toString(), "--http")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String port = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (port == null) {
            node.destroyForcibly();
            throw new IOException("the Node HTTP peer exited before it listened");
        }
        return new NodeHttpPeer(node, Integer.parseInt(port.strip()));
    }

    /** Where the peer runs a hook: the same request body as hookbox's {@code POST /api/run}. */
    URI runUri() {
        return run;
    }

    @Override
    public void close() {
        node.destroy();
    }
}
