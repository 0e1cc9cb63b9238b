package io.hookbox.bench;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** GraalJS engine only: a fresh Context per invocation on one shared Engine, closed by the watchdog on timeout. */
final class GraalFreshEngine implements HookEngine {

    private final Engine engine = GraalJs.newEngine();
    private final Source wrapper = GraalJs.source("wrapper.js", Workload.WRAPPER);
    private final SourceCache<Source> hooks = new SourceCache<>(text -> GraalJs.source("hook.js", text));

    @Override
    public String invoke(String source, String inputJson) {
        Source hook = hooks.get(source);
        try (Context context = GraalJs.newContext(engine);
             InvocationTimer.Armed timer = InvocationTimer.arm(() -> cancel(context))) {
            context.eval(hook);
            Value handle = context.getBindings("js").getMember("handle");
            return context.eval(wrapper).execute(handle, inputJson).asString();
        }
    }

    private static void cancel(Context context) {
        try {
            context.close(true);
        } catch (PolyglotException | IllegalStateException alreadyClosed) {
            // the invocation ends with the cancellation either way
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
