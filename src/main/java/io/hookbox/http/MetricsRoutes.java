package io.hookbox.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;

/** {@code GET /metrics}: every meter in the Prometheus text format. */
final class MetricsRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void scrape(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
    }
}
