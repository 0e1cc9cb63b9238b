package io.hookbox.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.egress.EgressPolicy;
import io.hookbox.outbox.OutboxPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The limits every hook runs under, the shape of the worker pool, and how after-the-fact hooks are delivered
 * ({@link OutboxPolicy}), read from {@code sandbox-policy.json}.
 * A field left out of the file takes its default; a wrong field is refused with its name.
 */
public record RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue, Contexts contexts, Lanes lanes,
                            Packages packages, EgressPolicy egress, OutboxPolicy outbox) {

    /** Per invocation. */
    public record Limits(
            long timeoutMs,
            long cpuTimeMs,
            long maxAllocatedBytes,
            long maxStatements,
            int maxSourceBytes,
            int maxInputBytes,
            int maxResultBytes,
            int maxPendingTimers) {

        public static final Limits DEFAULT = new Limits(10_000, 5_000, 256L << 20, 50_000_000, 100 << 10, 1 << 20, 1 << 20, 1_000);
    }

    /** Console capture per invocation: past maxEntries or maxBytes one truncation marker; past floodBytes the run ends. */
    public record ConsoleLimits(int maxEntries, int maxBytes, long floodBytes) {

        public static final ConsoleLimits DEFAULT = new ConsoleLimits(200, 64 << 10, 8L << 20);
    }

    /**
     * The worker JVMs that run hooks. {@code count}, {@code threads} and {@code spares} size the production lane
     * ({@link Lanes} sizes the others): {@code count * threads} hooks of real flows run at once. A new worker runs a warm-up corpus
     * {@code warmupRuns} times, then goes on while the optimizing compiler is still busy with it, for at most
     * {@code warmupMaxMs}, so the first tenants meet compiled code rather than a compiler competing for the CPU.
     */
    public record Workers(int count, int threads, int heapMb, int spares, long killGraceMs, int warmupRuns, long quarantineMs,
                          long warmupMaxMs) {

        public static final Workers DEFAULT = new Workers(2, 4, 768, 1, 1_000, 400, 60_000, 30_000);
    }

    /** Invocations waiting for a free worker thread, per lane; past maxLength, or after maxWaitMs, they end with BUSY. */
    public record Queue(int maxLength, long maxWaitMs) {

        public static final Queue DEFAULT = new Queue(256, 5_000);
    }

    /**
     * Whether a context may serve more than one invocation. Off: every invocation gets a fresh context. On: after a
     * clean success, a context is kept for the next invocation of the same hook (same tenant, same source) on that
     * worker; its built-ins are frozen before the hook first runs, and it is discarded after any error or limit or
     * when timers are still pending. At most {@code maxIdlePerWorker} kept contexts wait in a worker.
     */
    public record Contexts(boolean reuse, int maxIdlePerWorker) {

        public static final Contexts DEFAULT = new Contexts(false, 64);
    }

    /**
     * The workers of one lane: {@code count * threads} runs at once, and {@code spares} warm workers waiting.
     * {@code compiled}: whether its workers load the optimizing compiler. An interpreted worker is ready in about a
     * second and spends no CPU compiling, but runs long computations several times slower.
     */
    public record LaneSize(int count, int threads, int spares, boolean compiled) {

        /** An interpreted lane. */
        public LaneSize(int count, int threads, int spares) {
            this(count, threads, spares, false);
        }
    }

    /**
     * The lanes besides production ({@link Lane}): test runs, and confined runs (of quarantined tenants, sources and
     * hooks), whose workers run one hook at a time. Both run interpreted by default, so a replacement is ready in
     * about a second and their compilers take no CPU from the production lane. In every lane a tenant may hold at most {@code tenantShare} of the running slots and of the
     * queue (at least one of each). After kills, a lane keeps one more warm spare per kill in the last
     * {@code burstWindowMs}, up to {@code maxBurstSpares} more. For {@code probationMs} after any kill, runs of sources
     * never seen to end within their limits go to the confined lane, so new code cannot take workers from the hooks
     * that keep running (0: never).
     */
    public record Lanes(LaneSize test, LaneSize confined, double tenantShare, long burstWindowMs, int maxBurstSpares,
                        long probationMs) {

        public static final Lanes DEFAULT = new Lanes(new LaneSize(1, 2, 1), new LaneSize(1, 1, 1), 0.5, 60_000, 2, 60_000);
    }


    /**
     * npm packages in hooks: at most {@code maxPerHook} packages a hook asks for, {@code maxUnpackedBytes} and
     * {@code maxFiles} for all the files a hook's packages unpack to, tarballs that expand at most
     * {@code maxCompressionRatio} times, and an install that takes at most {@code installTimeoutMs}.
     */
    public record Packages(int maxPerHook, long maxUnpackedBytes, int maxFiles, int maxCompressionRatio, long installTimeoutMs) {

        public static final Packages DEFAULT = new Packages(10, 64L << 20, 20_000, 100, 120_000);
    }

    public static final RuntimePolicy DEFAULT = new RuntimePolicy(Limits.DEFAULT, ConsoleLimits.DEFAULT, Workers.DEFAULT,
            Queue.DEFAULT, Contexts.DEFAULT, Lanes.DEFAULT, Packages.DEFAULT, EgressPolicy.DEFAULT, OutboxPolicy.DEFAULT);

    /** A policy with the default outbox section. */
    public RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue, Contexts contexts, Lanes lanes,
                         Packages packages, EgressPolicy egress) {
        this(limits, console, workers, queue, contexts, lanes, packages, egress, null);
    }

    public RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue) {
        this(limits, console, workers, queue, null, null, null, null);
    }

    public RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue, Contexts contexts) {
        this(limits, console, workers, queue, contexts, null, null, null);
    }

    /** This policy with another egress section. */
    public RuntimePolicy withEgress(EgressPolicy newEgress) {
        return new RuntimePolicy(limits, console, workers, queue, contexts, lanes, packages, newEgress, outbox);
    }

    public RuntimePolicy {
        limits = limits == null ? Limits.DEFAULT : limits;
        console = console == null ? ConsoleLimits.DEFAULT : console;
        workers = workers == null ? Workers.DEFAULT : workers;
        queue = queue == null ? Queue.DEFAULT : queue;
        contexts = contexts == null ? Contexts.DEFAULT : contexts;
        lanes = lanes == null ? Lanes.DEFAULT : lanes;
        packages = packages == null ? Packages.DEFAULT : packages;
        egress = egress == null ? EgressPolicy.DEFAULT : egress;
        outbox = outbox == null ? OutboxPolicy.DEFAULT : outbox;
    }

    /** The size of one lane's workers. */
    public LaneSize size(Lane lane) {
        return switch (lane) {
            case PRODUCTION -> new LaneSize(workers.count(), workers.threads(), workers.spares(), true);
            case TEST -> lanes.test();
            case CONFINED -> lanes.confined();
        };
    }

    /** How many runs of one tenant may run at once in {@code lane}. */
    public int tenantMaxRunning(Lane lane) {
        LaneSize size = size(lane);
        return Math.max(1, (int) Math.floor(lanes.tenantShare() * size.count() * size.threads()));
    }

    /** How many runs of one tenant may wait in {@code lane}'s queue. */
    public int tenantMaxQueued() {
        return Math.max(1, (int) Math.floor(lanes.tenantShare() * queue.maxLength()));
    }

    /** The message a run ends with when {@code code}'s limit stopped it. */
    public String limitMessage(ErrorCode code) {
        return switch (code) {
            case TIMEOUT -> "the hook did not finish within the timeout of " + limits.timeoutMs() + " ms";
            case CPU_LIMIT -> "the hook used more than " + limits.cpuTimeMs() + " ms of CPU time";
            case MEMORY_LIMIT -> "the hook allocated more than " + (limits.maxAllocatedBytes() >> 20) + " MiB of memory";
            case STATEMENT_LIMIT -> "the hook executed more than " + limits.maxStatements() + " statements";
            case OUTPUT_LIMIT -> "the hook wrote more than " + console.floodBytes() + " bytes to the console";
            case STACK_OVERFLOW -> "the hook's recursion exceeded the maximum call stack size";
            case INVALID_RESULT -> "reading the hook's result did not finish within the limits (a getter or proxy that never returns)";
            default -> "the hook was stopped (" + code + ")";
        };
    }

    /** Reads and validates a policy file; the message of the exception names the offending field. */
    public static RuntimePolicy load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidPolicyException("cannot read the policy file " + file + ": " + e.getMessage());
        }
        return parse(json, file.toString());
    }

    public static RuntimePolicy parse(String json, String origin) {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        RuntimePolicy parsed;
        try {
            JsonNode given = mapper.readTree(json);
            if (given == null || !given.isObject()) {
                throw new InvalidPolicyException("invalid policy " + origin + ": the file must hold a JSON object");
            }
            ObjectNode merged = mapper.valueToTree(DEFAULT);
            mergeOver(merged, (ObjectNode) given, origin, "");
            parsed = mapper.treeToValue(merged, RuntimePolicy.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new InvalidPolicyException("invalid policy " + origin
                    + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("invalid policy " + origin + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException("invalid policy " + origin + ": " + e.getMessage());
        }
        parsed.validate(origin);
        return parsed;
    }

    private static void mergeOver(ObjectNode target, ObjectNode given, String origin, String prefix) {
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) given::fields) {
            String name = prefix + field.getKey();
            JsonNode current = target.get(field.getKey());
            if (current == null) {
                throw new InvalidPolicyException("invalid policy " + origin + ": unknown field '" + name + "'");
            }
            if (current.isObject()) {
                if (!field.getValue().isObject()) {
                    throw new InvalidPolicyException("invalid policy " + origin + ": field '" + name + "' must be an object");
                }
                mergeOver((ObjectNode) current, (ObjectNode) field.getValue(), origin, name + ".");
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private void validate(String origin) {
        PolicyChecks checks = new PolicyChecks(origin);
        checks.atLeast("limits.timeoutMs", limits.timeoutMs(), 10);
        checks.atLeast("limits.cpuTimeMs", limits.cpuTimeMs(), 10);
        checks.atLeast("limits.maxAllocatedBytes", limits.maxAllocatedBytes(), 1 << 20);
        checks.atLeast("limits.maxStatements", limits.maxStatements(), 1_000);
        checks.atLeast("limits.maxSourceBytes", limits.maxSourceBytes(), 64);
        checks.atLeast("limits.maxInputBytes", limits.maxInputBytes(), 1_024);
        checks.atLeast("limits.maxResultBytes", limits.maxResultBytes(), 1_024);
        checks.atLeast("limits.maxPendingTimers", limits.maxPendingTimers(), 1);
        checks.atLeast("console.maxEntries", console.maxEntries(), 1);
        checks.atLeast("console.maxBytes", console.maxBytes(), 256);
        checks.atLeast("console.floodBytes", console.floodBytes(), console.maxBytes());
        checks.atLeast("workers.count", workers.count(), 1);
        checks.atLeast("workers.threads", workers.threads(), 1);
        checks.atLeast("workers.heapMb", workers.heapMb(), 128);
        checks.atLeast("workers.spares", workers.spares(), 0);
        checks.atLeast("workers.killGraceMs", workers.killGraceMs(), 100);
        checks.atLeast("workers.warmupRuns", workers.warmupRuns(), 0);
        checks.atLeast("workers.quarantineMs", workers.quarantineMs(), 0);
        checks.atLeast("workers.warmupMaxMs", workers.warmupMaxMs(), 0);
        checks.atLeast("queue.maxLength", queue.maxLength(), 0);
        checks.atLeast("queue.maxWaitMs", queue.maxWaitMs(), 0);
        checks.atLeast("contexts.maxIdlePerWorker", contexts.maxIdlePerWorker(), 0);
        for (Lane lane : new Lane[]{Lane.TEST, Lane.CONFINED}) {
            LaneSize size = size(lane);
            checks.atLeast("lanes." + lane.id() + ".count", size.count(), 1);
            checks.atLeast("lanes." + lane.id() + ".threads", size.threads(), 1);
            checks.atLeast("lanes." + lane.id() + ".spares", size.spares(), 0);
        }
        if (!(lanes.tenantShare() > 0 && lanes.tenantShare() <= 1)) {
            throw new InvalidPolicyException("invalid policy " + origin + ": field 'lanes.tenantShare' must be more than 0"
                    + " and at most 1, but is " + lanes.tenantShare());
        }
        checks.atLeast("lanes.burstWindowMs", lanes.burstWindowMs(), 0);
        checks.atLeast("lanes.maxBurstSpares", lanes.maxBurstSpares(), 0);
        checks.atLeast("lanes.probationMs", lanes.probationMs(), 0);
        checks.atLeast("packages.maxPerHook", packages.maxPerHook(), 0);
        checks.atLeast("packages.maxUnpackedBytes", packages.maxUnpackedBytes(), 1 << 10);
        checks.atLeast("packages.maxFiles", packages.maxFiles(), 1);
        checks.atLeast("packages.maxCompressionRatio", packages.maxCompressionRatio(), 2);
        checks.atLeast("packages.installTimeoutMs", packages.installTimeoutMs(), 100);
        if (outbox.problem() != null) {
            throw new InvalidPolicyException("invalid policy " + origin + ": " + outbox.problem());
        }
        if (outbox.leaseMs() <= limits.timeoutMs() + queue.maxWaitMs()) {
            throw new InvalidPolicyException("invalid policy " + origin + ": field 'outbox.leaseMs' must be more than"
                    + " limits.timeoutMs + queue.maxWaitMs (" + (limits.timeoutMs() + queue.maxWaitMs()) + "), the longest a"
                    + " delivery can take, but is " + outbox.leaseMs());
        }
        try {
            egress.validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException("invalid policy " + origin + ": " + e.getMessage());
        }
    }

    private record PolicyChecks(String origin) {
        void atLeast(String field, long value, long minimum) {
            if (value < minimum) {
                throw new InvalidPolicyException("invalid policy " + origin + ": field '" + field + "' must be at least "
                        + minimum + ", but is " + value);
            }
        }
    }

    public static final class InvalidPolicyException extends RuntimeException {
        public InvalidPolicyException(String message) {
            super(message);
        }
    }
}
