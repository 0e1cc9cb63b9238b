package io.hookbox.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.egress.EgressPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The limits every hook runs under and the shape of the worker pool, read from {@code sandbox-policy.json}.
 * A field left out of the file takes its default; a wrong field is refused with its name.
 */
public record RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue, Contexts contexts,
                            EgressPolicy egress) {

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
     * The worker JVMs that run hooks; {@code count * threads} hooks run at once. A new worker runs a warm-up corpus
     * {@code warmupRuns} times, then goes on while the optimizing compiler is still busy with it, for at most
     * {@code warmupMaxMs}, so the first tenants meet compiled code rather than a compiler competing for the CPU.
     */
    public record Workers(int count, int threads, int heapMb, int spares, long killGraceMs, int warmupRuns, long quarantineMs,
                          long warmupMaxMs) {

        public static final Workers DEFAULT = new Workers(2, 4, 768, 1, 1_000, 400, 60_000, 30_000);
    }

    /** Invocations waiting for a free worker thread; past maxLength, or after maxWaitMs, they end with BUSY. */
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

    public static final RuntimePolicy DEFAULT = new RuntimePolicy(Limits.DEFAULT, ConsoleLimits.DEFAULT, Workers.DEFAULT,
            Queue.DEFAULT, Contexts.DEFAULT, EgressPolicy.DEFAULT);

    public RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue) {
        this(limits, console, workers, queue, null, null);
    }

    /** A policy with the default egress section. */
    public RuntimePolicy(Limits limits, ConsoleLimits console, Workers workers, Queue queue, Contexts contexts) {
        this(limits, console, workers, queue, contexts, null);
    }

    /** This policy with another egress section. */
    public RuntimePolicy withEgress(EgressPolicy newEgress) {
        return new RuntimePolicy(limits, console, workers, queue, contexts, newEgress);
    }

    public RuntimePolicy {
        limits = limits == null ? Limits.DEFAULT : limits;
        console = console == null ? ConsoleLimits.DEFAULT : console;
        workers = workers == null ? Workers.DEFAULT : workers;
        queue = queue == null ? Queue.DEFAULT : queue;
        contexts = contexts == null ? Contexts.DEFAULT : contexts;
        egress = egress == null ? EgressPolicy.DEFAULT : egress;
    }

    public int maxConcurrent() {
        return workers.count() * workers.threads();
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
