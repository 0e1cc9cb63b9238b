package io.hookbox;

import io.hookbox.http.HttpApi;
import io.hookbox.pipeline.HookSource;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: reads the settings, starts the worker pool, then the HTTP server. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        try {
            ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
            Hookbox hookbox = Hookbox.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(hookbox::close, "hookbox-shutdown"));
            log.info("hookbox is listening on http://localhost:{}", hookbox.port());
        } catch (RuntimePolicy.InvalidPolicyException | IllegalArgumentException | IllegalStateException e) {
            log.error("hookbox cannot start: {}", e.getMessage());
            System.exit(1);
        }
    }

    /** A running server: the worker pool and the HTTP API, closed together. */
    public record Hookbox(WorkerPool runtime, Javalin http) implements AutoCloseable {

        public static Hookbox start(ServerConfig config) {
            RuntimePolicy policy = RuntimePolicy.load(config.policyFile());
            WorkerPool runtime = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties());
            try {
                Javalin http = HttpApi.create(runtime, HookSource.NONE).start(config.port());
                return new Hookbox(runtime, http);
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
        }

        public int port() {
            return http.port();
        }

        @Override
        public void close() {
            http.stop();
            runtime.close();
        }
    }
}
