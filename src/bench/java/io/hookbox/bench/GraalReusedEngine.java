package io.hookbox.bench;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * GraalJS engine only, for reference: one Context reused by every invocation, each hook loaded into it once inside a
 * function scope. Not isolated (an invocation can change what the next one sees); interrupted by the watchdog.
 */
final class GraalReusedEngine implements HookEngine {

    private final Engine engine = GraalJs.newEngine();
    private final Context context = GraalJs.newContext(engine);
    private final Value wrapper = context.eval(GraalJs.source("wrapper.js", Workload.WRAPPER));
    private final SourceCache<Value> handles = new SourceCache<>(text ->
            context.eval(GraalJs.source("hook.js", "(function () {\n" + text + "\nreturn handle;\n})()")));

    @Override
    public String invoke(String source, String inputJson) {
        Value handle = handles.get(source);
        try (InvocationTimer.Armed timer = InvocationTimer.arm(this::interrupt)) {
            return wrapper.execute(handle, inputJson).asString();
        }
    }

    private void interrupt() {
        try {
            context.interrupt(Duration.ofSeconds(1));
        } catch (TimeoutException | PolyglotException | IllegalStateException notStopped) {
            // a team would now have to discard the context
        }
    }

    @Override
    public void close() {
        context.close();
        engine.close();
    }
}
