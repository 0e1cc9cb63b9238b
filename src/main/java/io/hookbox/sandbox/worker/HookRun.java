package io.hookbox.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.ToWorker;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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

    private static final String SUCCESS_PREFIX = "{\"ok\":true,\"result\":";
    private static final String STACK_OVERFLOW_MESSAGE = "Maximum call stack size exceeded";

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
        } catch (RuntimeException | IOException e) {
            if (invocation.cancelReason() != null) {
                return Outcome.of(limitFailure(invocation, invocation.cancelReason()));
            }
            return new Outcome(failure(invocation, RunError.of(ErrorCode.INTERNAL,
                    "hookbox failed while running the hook: " + e)), true, true);
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
            throws InterruptedException, IOException {
        if (loaded.handle == null) {
            loaded.handle = load(job, prepared.context());
        }
        Value handle = loaded.handle;
        if (handle == null || !handle.canExecute()) {
            return failure(invocation, RunError.of(ErrorCode.NO_HANDLE,
                    "the hook must define a function named handle, as in: function handle(data, callback) { ... }"));
        }
        if (job.validateOnly()) {
            return RunResult.success(NullNode.getInstance(), invocation.console.entries(), elapsedMillis(invocation));
        }
        Value driver = prepared.driver();
        driver.invokeMember("start", handle, job.input());
        while (true) {
            String state = driver.invokeMember("poll").asString();
            switch (state.charAt(0)) {
                case 'D' -> {
                    return settled(state.substring(1), invocation);
                }
                case 'W' -> {
                    invocation.sleep(Long.parseLong(state.substring(1)));
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
                default -> {
                    return neverCalledBack(invocation);
                }
            }
        }
    }

    private static RunResult neverCalledBack(Invocation invocation) {
        return failure(invocation, RunError.of(ErrorCode.TIMEOUT, "the hook never called its callback: "
                + "handle returned and nothing is left that could call it (no pending timer, promise or request)"));
    }

    private Value load(ToWorker.Run job, Context context) {
        Source source = engine.hookSource(job.source());
        Value loaded = context.eval(source);
        return GuestEngine.isModule(source) ? exportedHandle(loaded) : context.eval(engine.handleLookup());
    }

    private static Value exportedHandle(Value namespace) {
        if (namespace == null || !namespace.hasMembers()) {
            return null;
        }
        Value named = namespace.getMember("handle");
        return named != null && named.canExecute() ? named : namespace.getMember("default");
    }

    private RunResult settled(String envelope, Invocation invocation) throws IOException {
        if (envelope.startsWith(SUCCESS_PREFIX)) {
            String json = envelope.substring(SUCCESS_PREFIX.length(), envelope.length() - 1);
            if (utf8Length(json) > policy.limits().maxResultBytes()) {
                return failure(invocation, RunError.of(ErrorCode.INVALID_RESULT,
                        "the result is larger than " + policy.limits().maxResultBytes() + " bytes of JSON"));
            }
            return RunResult.success(JsonNodeFactory.instance.rawValueNode(new RawValue(json)),
                    invocation.console.entries(), elapsedMillis(invocation));
        }
        JsonNode error = Frames.MAPPER.readTree(envelope);
        return failure(invocation, new RunError(ErrorCode.valueOf(error.path("code").asText()),
                error.path("message").asText(), intOrNull(error.get("line")), intOrNull(error.get("column")),
                error.path("stack").isTextual() ? error.get("stack").asText() : null));
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
            return Outcome.of(failure(invocation, new RunError(ErrorCode.SYNTAX_ERROR, syntaxMessage(e),
                    at == null ? null : at.getStartLine(), at == null ? null : at.getStartColumn(), e.getMessage())));
        }
        if (e.isGuestException() && !e.isInternalError()) {
            String message = String.valueOf(e.getMessage());
            ErrorCode code = message.contains(STACK_OVERFLOW_MESSAGE) ? ErrorCode.STACK_OVERFLOW : ErrorCode.HOOK_ERROR;
            SourceSection at = hookFrame(e);
            return Outcome.of(failure(invocation, new RunError(code, message,
                    at == null ? null : at.getStartLine(), at == null ? null : at.getStartColumn(), null)));
        }
        return new Outcome(failure(invocation, RunError.of(ErrorCode.INTERNAL,
                "the script engine failed while running the hook: " + e.getMessage())), true, true);
    }

    private static final java.util.regex.Pattern SYNTAX_POSITION =
            java.util.regex.Pattern.compile("^(?:SyntaxError: )?hook\\.m?js:\\d+:\\d+ ");

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
