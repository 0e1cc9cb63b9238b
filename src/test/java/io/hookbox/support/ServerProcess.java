package io.hookbox.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real hookbox server in its own JVM, started much as scripts/run starts it (the built classes and target/lib on
 * the class path, but none of its start-up caches, which tests need not train), with the environment given. For
 * tests that kill it.
 */
public final class ServerProcess implements AutoCloseable {

    private static final int HEALTH_ATTEMPTS = 600;

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server with {@code env} added to this JVM's environment and waits until it is healthy. */
    public static ServerProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        Path home = Path.of("").toAbsolutePath();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Dhookbox.home=" + home,
                "-cp", home.resolve("target/classes") + ":" + home.resolve("target/lib") + "/*", "io.hookbox.Main")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        if (!env.containsKey("HOOKBOX_PUBLIC_URL")) {
            builder.environment().putIfAbsent("HOOKBOX_DEV", "true");
        }
        builder.environment().put("HOOKBOX_PORT", String.valueOf(port));
        ServerProcess server = new ServerProcess(builder.start(), log, port);
        server.awaitHealthy();
        return server;
    }

    public ApiClient client() {
        return new ApiClient(port);
    }

    /** Kills the server with SIGKILL, as a crash would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }

    private void awaitHealthy() throws InterruptedException {
        ApiClient client = client();
        for (int attempt = 0; attempt < HEALTH_ATTEMPTS; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (client.get("/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not become healthy:\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
