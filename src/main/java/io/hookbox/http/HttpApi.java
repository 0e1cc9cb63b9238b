package io.hookbox.http;

import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.testrun.TestRuns;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

/** The HTTP API: one route table; handlers parse, call a service and answer. */
public final class HttpApi {

    /** Bodies above this are refused with 413 before they are read. */
    public static final long MAX_BODY_BYTES = 2L << 20;

    private HttpApi() {
    }

    /** The API over {@code runtime}; pipelines run the hooks that {@code hooks} holds. */
    public static Javalin create(HookRuntime runtime, HookSource hooks) {
        RunRoutes runs = new RunRoutes(new TestRuns(new PipelineRunner(runtime, hooks)));
        HookTypeRoutes hookTypes = new HookTypeRoutes();
        HealthRoutes health = new HealthRoutes(runtime);
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            ErrorHandling.register(config.routes);
            config.routes.apiBuilder(() -> {
                get("/health", health::health);
                path("/api", () -> {
                    post("/run", runs::run);
                    post("/pipelines/{type}/run", runs::runPipeline);
                    get("/hook-types", hookTypes::list);
                    get("/hook-types/{type}/sample", hookTypes::sample);
                });
            });
        });
    }
}
