package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The pool's meters (names as Prometheus shows them; the README lists them all). Tenant and source labels are capped
 * at {@link #MAX_LABELLED} values each, so an attacker creating tenants cannot grow the metrics without bound; past
 * the cap only the unlabelled totals count. Thread-safe.
 */
final class PoolMetrics {

    static final int MAX_LABELLED = 200;

    private final MeterRegistry registry;

    PoolMetrics(MeterRegistry registry, Supplier<RuntimeStatus> status) {
        this.registry = registry;
        registry.config()
                .meterFilter(MeterFilter.maximumAllowableTags("hookbox.quarantines.tenant", "tenant", MAX_LABELLED, MeterFilter.deny()))
                .meterFilter(MeterFilter.maximumAllowableTags("hookbox.quarantines.source", "source", MAX_LABELLED, MeterFilter.deny()));
        for (Lane lane : Lane.values()) {
            laneGauge("hookbox.queue.length", "runs waiting for a worker thread", lane, status, RuntimeStatus.LaneStatus::queued, null);
            laneGauge("hookbox.runs.active", "runs on a worker now", lane, status, RuntimeStatus.LaneStatus::running, null);
            laneGauge("hookbox.workers", "workers by state", lane, status, RuntimeStatus.LaneStatus::workersReady, "serving");
            laneGauge("hookbox.workers", "workers by state", lane, status, RuntimeStatus.LaneStatus::sparesReady, "spare");
            laneGauge("hookbox.workers", "workers by state", lane, status, RuntimeStatus.LaneStatus::starting, "starting");
            laneGauge("hookbox.lane.ready", "1 while the lane can serve", lane, status, each -> each.canServe() ? 1 : 0, null);
        }
        Gauge.builder("hookbox.workers.warm", status, supplier -> supplier.get().warm() ? 1 : 0)
                .description("1 once the workers the pool started with have warmed up").strongReference(true).register(registry);
        Gauge.builder("hookbox.probation", status, supplier -> supplier.get().probation() ? 1 : 0)
                .description("1 while sources never seen to end within their limits run in the confined lane, after a kill")
                .strongReference(true).register(registry);
    }

    private void laneGauge(String name, String description, Lane lane, Supplier<RuntimeStatus> status,
                           ToIntFunction<RuntimeStatus.LaneStatus> value, String state) {
        Function<Supplier<RuntimeStatus>, Double> read = supplier -> supplier.get().lanes().stream()
                .filter(each -> each.lane() == lane).findFirst().map(each -> (double) value.applyAsInt(each)).orElse(0.0);
        // held strongly: the status supplier is a method reference no one else keeps, which a weak gauge loses to the
        // first garbage collection (every pool gauge then read NaN)
        Gauge.Builder<Supplier<RuntimeStatus>> gauge = Gauge.builder(name, status, read::apply).description(description)
                .tag("lane", lane.id()).strongReference(true);
        if (state != null) {
            gauge.tag("state", state);
        }
        gauge.register(registry);
    }

    void dispatched(Lane lane, long waitedNanos) {
        Timer.builder("hookbox.queue.wait").description("time runs waited for a worker thread").tag("lane", lane.id())
                .publishPercentileHistogram().register(registry).record(Duration.ofNanos(waitedNanos));
    }

    void completed(Lane lane, RunResult result, long nanos) {
        ErrorCode code = result.errorCode();
        Timer.builder("hookbox.sandbox.runs").description("runs by the lane that answered and outcome")
                .tag("lane", lane.id()).tag("outcome", code == null ? "success" : code.name().toLowerCase())
                .publishPercentileHistogram().register(registry).record(Duration.ofNanos(nanos));
        if (code == ErrorCode.BUSY) {
            Counter.builder("hookbox.busy").description("runs answered BUSY").tag("lane", lane.id()).register(registry).increment();
        }
    }

    void killed(Lane lane, Scheduler.KillReason reason) {
        Counter.builder("hookbox.worker.kills").description("workers killed or lost, by reason")
                .tag("lane", lane.id()).tag("reason", reason.id()).register(registry).increment();
    }

    void started(Lane lane, boolean cold, long nanos) {
        Timer.builder("hookbox.worker.starts").description("workers started, and how long until they took work")
                .tag("lane", lane.id()).tag("warmup", cold ? "cold" : "full").register(registry).record(Duration.ofNanos(nanos));
    }

    void quarantined(Scheduler.Decision.Quarantine quarantine) {
        Counter.builder("hookbox.quarantines").description("quarantines, by the lane of the run that caused them")
                .tag("lane", quarantine.lane().id()).register(registry).increment();
        if (quarantine.tenantId() != null) {
            Counter.builder("hookbox.quarantines.tenant").description("quarantines by tenant")
                    .tag("tenant", quarantine.tenantId()).register(registry).increment();
        }
        if (quarantine.sourceKey() != null) {
            Counter.builder("hookbox.quarantines.source").description("quarantines by normalised source")
                    .tag("source", quarantine.sourceKey()).register(registry).increment();
        }
    }
}
