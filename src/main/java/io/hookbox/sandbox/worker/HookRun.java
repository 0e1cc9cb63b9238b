package io.hookbox.sandbox.worker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunEffects;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.ToWorker;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one hook in a prepared context: load the source, find {@code handle}, start it, drive its event loop
 * until it settles, and turn whatever happened into a {@link RunResult}. Stateless; thread-safe.
 */
final class HookRun {

    /**
     * How a run ended. {@code unattributed}: the failure may not be this hook's doing (the worker's memory or
     * engine failed), so the server retries it alone. {@code broken}: the worker must be replaced.
     */
    record Outcome(RunResult result, boolean unattributed, boolean broken) {
        static Outcome of(RunResult result) {
            return new Outcome(result, false, false);
        }
    }

    /** The characters of an envelope around the result itself: {@code {"ok":true,"result":...}}. */
    private static final int ENVELOPE_OVERHEAD = "{\"ok\":true,\"result\":}".length();
    private static final Pattern WAIT = Pattern.compile("W\\d{1,12}");
    /** The codes the prelude gives a failure; any other is read as the hook's own error. */
    private static final Map<String, ErrorCode> GUEST_CODES = Map.of(
            "HOOK_ERROR", ErrorCode.HOOK_ERROR, "STACK_OVERFLOW", ErrorCode.STACK_OVERFLOW,
            "INVALID_RESULT", ErrorCode.INVALID_RESULT);
    private static final ObjectMapper ENVELOPE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(GuestEngine.MAX_RESULT_DEPTH + 2)
                            .maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .build();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String STACK_OVERFLOW_MESSAGE = "Maximum call stack size exceeded";

    /** The guest side reported something the prelude never reports; {@code code} is the run's error. */
    private static final class MalformedGuestOutput extends RuntimeException {
        final ErrorCode code;

        MalformedGuestOutput(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The hook's entry point once its source is loaded in the context. */
    private static final class Loaded {
        Value handle;

        Loaded(Value handle) {
            this.handle = handle;
        }
    }

    private final GuestEngine engine;
    private final Watchdog watchdog;
    private final RuntimePolicy policy;
    private final ContextCache kept;

    /** {@code kept}: where contexts go after a clean run to serve the same hook again; null to close every context. */
    HookRun(GuestEngine engine, Watchdog watchdog, RuntimePolicy policy, ContextCache kept) {
        this.engine = engine;
        this.watchdog = watchdog;
        this.policy = policy;
        this.kept = kept;
    }

    /** Runs the job in a fresh context, loading its source there. */
    Outcome execute(ToWorker.Run job, PreparedContext prepared) {
        return execute(job, prepared, null);
    }

    /** Runs the job; {@code handle}, when not null, is its hook already loaded in the (kept) context. */
    Outcome execute(ToWorker.Run job, PreparedContext prepared, Value handle) {
        ConsoleCapture console = new ConsoleCapture(policy.console());
        Invocation invocation = watchdog.begin(job.id(), prepared.context(), console);
        prepared.bridge().attach(invocation);
        prepared.bridge().attachModules(new ModuleScope(job.packages(), prepared.context()));
        Loaded loaded = new Loaded(handle);
        Outcome outcome = null;
        try {
            outcome = attempt(job, prepared, loaded, invocation);
            return outcome;
        } finally {
            watchdog.end(invocation);
            prepared.bridge().host().forget(invocation);
            if (outcome == null || !keepIfClean(job, prepared, loaded.handle, outcome, invocation)) {
                close(prepared.context(), invocation.cancelReason() != null);
            }
        }
    }

    private Outcome attempt(ToWorker.Run job, PreparedContext prepared, Loaded loaded, Invocation invocation) {
        try {
            return Outcome.of(drive(job, prepared, loaded, invocation));
        } catch (PolyglotException e) {
            return classify(e, invocation);
        } catch (StackOverflowError e) {
            return Outcome.of(failure(invocation, RunError.of(ErrorCode.STACK_OVERFLOW,
                    policy.limitMessage(ErrorCode.STACK_OVERFLOW))));
        } catch (OutOfMemoryError e) {
            return new Outcome(limitFailure(invocation, ErrorCode.MEMORY_LIMIT), true, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(failure(invocation, RunError.of(ErrorCode.INTERNAL, "the worker is shutting down")), false, true);
        } catch (MalformedGuestOutput e) {
            // The prelude reported something it never reports: only the hook can have caused that, in its context.
            return Outcome.of(failure(invocation, RunError.of(e.code, e.getMessage())));
        } catch (RuntimeException e) {
            if (invocation.cancelReason() != null) {
                return Outcome.of(limitFailure(invocation, invocation.cancelReason()));
            }
            return new Outcome(failure(invocation, internal("hookbox failed while running run " + job.id() + ": " + e)),
                    true, true);
        }
    }

    /**
     * Keeps the context for the next run of the same hook when contexts are reused and this run ended cleanly: it
     * succeeded within every limit and left no timer pending. Anything else closes it.
     */
    private boolean keepIfClean(ToWorker.Run job, PreparedContext prepared, Value handle, Outcome outcome,
                                Invocation invocation) {
        ContextCache.Key key = ContextCache.Key.of(job);
        if (kept == null || key == null || handle == null || !outcome.result().succeeded() || outcome.unattributed()
                || outcome.broken() || invocation.cancelReason() != null || invocation.outstandingCalls() > 0) {
            return false;
        }
        try {
            if (!prepared.driver().invokeMember("reset").asBoolean()) {
                return false;
            }
            prepared.context().resetLimits();
        } catch (PolyglotException | IllegalStateException e) {
            return false;
        }
        prepared.bridge().attach(null);
        kept.keep(key, new ContextCache.Kept(prepared, handle));
        return true;
    }

    private RunResult drive(ToWorker.Run job, PreparedContext prepared, Loaded loaded, Invocation invocation)
            throws InterruptedException {
        if (loaded.handle == null) {
            loaded.handle = load(job, prepared);
        }
        Value handle = loaded.handle;
        if (handle == null || !handle.canExecute()) {
            return failure(invocation, RunError.of(ErrorCode.NO_HANDLE,
                    "the hook must define a function named handle, as in: function handle(data, callback) { ... }, "
                            + "or be an Auth0 Action (exports.onExecutePostLogin = ...) or Rule (function (user, context, callback) { ... })"));
        }
        if (job.validateOnly()) {
            return RunResult.success(NullNode.getInstance(), invocation.console.entries(), elapsedMillis(invocation));
        }
        Value driver = prepared.driver();
        driver.invokeMember("start", prepared.auth0().invokeMember("bind", handle, job.trigger(), cacheJson(job)),
                job.input(), secretsJson(job));
        while (true) {
            Value polled = driver.invokeMember("poll");
            String state = polled.isString() ? polled.asString() : "";
            switch (state.isEmpty() ? '?' : state.charAt(0)) {
                case 'D' -> {
                    return settled(state.substring(1), invocation).withEffects(effects(prepared));
                }
                case 'W' -> {
                    invocation.sleep(waitMillis(state));
                    if (invocation.cancelReason() != null) {
                        return limitFailure(invocation, invocation.cancelReason());
                    }
                    // woken by a fetch's answer: hand it over and poll again, the timer may not be due yet
                    if (!prepared.bridge().host().deliverAnswers(invocation)) {
                        driver.invokeMember("tick");
                    }
                }
                // nothing to run until a fetch's answer arrives; waiting counts against the timeout, not the CPU
                case 'I' -> {
                    if (invocation.outstandingCalls() == 0) {
                        return neverCalledBack(invocation);
                    }
                    invocation.sleep(Long.MAX_VALUE);
                    if (invocation.cancelReason() != null) {
                        return limitFailure(invocation, invocation.cancelReason());
                    }
                    prepared.bridge().host().deliverAnswers(invocation);
                }
                default -> throw new MalformedGuestOutput(ErrorCode.HOOK_ERROR,
                        "the hook's event loop reported a state hookbox cannot read");
            }
        }
    }

    private static String secretsJson(ToWorker.Run job) {
        if (job.secrets().isEmpty()) {
            return "{}";
        }
        try {
            return PLAIN.writeValueAsString(job.secrets());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secrets are strings and always serialise", e);
        }
    }

    private static String cacheJson(ToWorker.Run job) {
        try {
            return job.cache() == null ? null : PLAIN.writeValueAsString(job.cache());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cache is strings and numbers and always serialises", e);
        }
    }

    /**
     * What the Auth0 adapter recorded for the host to keep (cache writes, the data at a deny), read once the hook has
     * settled; none for a {@code handle} hook. The adapter bounds what it records, so reading it costs the run little.
     */
    private RunEffects effects(PreparedContext prepared) {
        Value recorded = prepared.auth0().invokeMember("takeEffects");
        if (!recorded.isString()) {
            return RunEffects.NONE;
        }
        long maxBytes = policy.limits().maxResultBytes();
        if (utf8Length(recorded.asString()) > 2 * maxBytes) {
            throw new MalformedGuestOutput(ErrorCode.INVALID_RESULT,
                    "the data the hook denied with is larger than " + maxBytes + " bytes of JSON");
        }
        try {
            return ENVELOPE.readValue(recorded.asString(), RunEffects.class);
        } catch (JsonProcessingException e) {
            throw new MalformedGuestOutput(ErrorCode.INVALID_RESULT, "what the hook asked hookbox to keep could not be read");
        }
    }

    /** The wait the prelude reported ("W" and whole milliseconds); anything else is the hook's doing. */
    private static long waitMillis(String state) {
        if (!WAIT.matcher(state).matches()) {
            throw new MalformedGuestOutput(ErrorCode.HOOK_ERROR, "the hook's event loop reported a timer hookbox cannot read");
        }
        return Long.parseLong(state, 1, state.length(), 10);
    }

    private static RunResult neverCalledBack(Invocation invocation) {
        return failure(invocation, RunError.of(ErrorCode.TIMEOUT, "the hook never called its callback: "
                + "handle returned and nothing is left that could call it (no pending timer, promise or request)"));
    }

    /** What the loaded source runs: its handle, or an Auth0 Action or Rule as the adapter (auth0.js) finds it. */
    private Value load(ToWorker.Run job, PreparedContext prepared) {
        Context context = prepared.context();
        Source source = engine.hookSource(job.source());
        boolean module = GuestEngine.isModule(source);
        if (!module) {
            prepared.auth0().invokeMember("beforeScript");
        }
        Value loaded = context.eval(source);
        Value entry = prepared.auth0().invokeMember("entry", loaded, module,
                module ? null : context.eval(engine.handleLookup()));
        return entry.isNull() ? null : entry;
    }

    /**
     * Reads the envelope the prelude assembled: parsed, never embedded, within the result's size and depth, and
     * with only the codes the prelude gives (a code it never gives is the hook's error).
     */
    private RunResult settled(String envelope, Invocation invocation) {
        long maxBytes = policy.limits().maxResultBytes();
        if (utf8Length(envelope) - ENVELOPE_OVERHEAD > maxBytes) {
            return failure(invocation, RunError.of(ErrorCode.INVALID_RESULT,
                    "the result is larger than " + maxBytes + " bytes of JSON"));
        }
        JsonNode parsed = parseEnvelope(envelope);
        if (parsed.path("ok").asBoolean(false) && parsed.has("result")) {
            return RunResult.success(parsed.get("result"), invocation.console.entries(), elapsedMillis(invocation));
        }
        ErrorCode code = GUEST_CODES.getOrDefault(parsed.path("code").asText(), ErrorCode.HOOK_ERROR);
        JsonNode stack = parsed.path("stack");
        return failure(invocation, RunError.clipped(code, parsed.path("message").asText(),
                intOrNull(parsed.get("line")), intOrNull(parsed.get("column")), stack.isTextual() ? stack.asText() : null));
    }

    private static JsonNode parseEnvelope(String envelope) {
        JsonNode parsed;
        try {
            parsed = ENVELOPE.readTree(envelope);
        } catch (StreamConstraintsException e) {
            throw new MalformedGuestOutput(ErrorCode.INVALID_RESULT,
                    "the result is nested deeper than " + GuestEngine.MAX_RESULT_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw new MalformedGuestOutput(ErrorCode.INVALID_RESULT, "the result could not be read as JSON data");
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("ok").isBoolean()) {
            throw new MalformedGuestOutput(ErrorCode.INVALID_RESULT, "the result could not be read as JSON data");
        }
        return parsed;
    }

    private Outcome classify(PolyglotException e, Invocation invocation) {
        if (invocation.cancelReason() != null) {
            return Outcome.of(limitFailure(invocation, invocation.cancelReason()));
        }
        if (e.isResourceExhausted()) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Statement count limit")) {
                return Outcome.of(limitFailure(invocation, ErrorCode.STATEMENT_LIMIT));
            }
            // The JVM's heap ran out: the allocation that failed may belong to another run in this worker.
            return new Outcome(limitFailure(invocation, ErrorCode.MEMORY_LIMIT), true, true);
        }
        if (e.isSyntaxError()) {
            SourceSection at = e.getSourceLocation();
            return Outcome.of(failure(invocation, RunError.clipped(ErrorCode.SYNTAX_ERROR, syntaxMessage(e),
                    at == null ? null : at.getStartLine(), at == null ? null : at.getStartColumn(), e.getMessage())));
        }
        if (e.isGuestException() && !e.isInternalError()) {
            String message = String.valueOf(e.getMessage());
            ErrorCode code = message.contains(STACK_OVERFLOW_MESSAGE) ? ErrorCode.STACK_OVERFLOW : ErrorCode.HOOK_ERROR;
            SourceSection at = hookFrame(e);
            return Outcome.of(failure(invocation, RunError.clipped(code, message,
                    at == null ? null : at.getStartLine(), at == null ? null : at.getStartColumn(), null)));
        }
        return new Outcome(failure(invocation, internal("the script engine failed while running run "
                + invocation.id + ": " + e.getMessage())), true, true);
    }

    private static RunError internal(String detail) {
        return Incident.report(detail, System.err::println);
    }

    private static final Pattern SYNTAX_POSITION =
            Pattern.compile("^(?:SyntaxError: )?hook\\.m?js:\\d+:\\d+ ");

    /** "SyntaxError: hook.js:2:12 Expected , but found ;" and a code excerpt become "Expected , but found ;". */
    private static String syntaxMessage(PolyglotException e) {
        String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("syntax error");
        return SYNTAX_POSITION.matcher(firstLine).replaceFirst("");
    }

    private static SourceSection hookFrame(PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection at = frame.getSourceLocation();
            if (frame.isGuestFrame() && at != null && !at.getSource().isInternal()) {
                return at;
            }
        }
        return e.getSourceLocation();
    }

    private RunResult limitFailure(Invocation invocation, ErrorCode code) {
        String path = invocation.resultPath();
        if (path != null) {
            String where = path.isEmpty() ? "the result" : path;
            return failure(invocation, RunError.of(ErrorCode.INVALID_RESULT, "reading " + where + " did not finish: "
                    + policy.limitMessage(code) + "; a result must be plain data, not getters or proxies that never return"));
        }
        return failure(invocation, RunError.of(code, policy.limitMessage(code)));
    }

    private static RunResult failure(Invocation invocation, RunError error) {
        return RunResult.failure(error, invocation.console.entries(), elapsedMillis(invocation));
    }

    private static long elapsedMillis(Invocation invocation) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - invocation.startNanos);
    }

    private static Integer intOrNull(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asInt();
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void close(Context context, boolean cancelled) {
        try {
            context.close(cancelled);
        } catch (PolyglotException | IllegalStateException alreadyCancelled) {
            // a cancelled context reports its cancellation again when closed
        }
    }
}
