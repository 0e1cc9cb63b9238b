package io.hookbox.bench;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

import java.util.concurrent.TimeUnit;

/**
 * Rhino as a careful team runs untrusted hooks: safe standard objects (no Java access), sealed, a class shutter that
 * denies every class, compiled sources, and an instruction observer that ends a script past the timeout.
 * {@code sharedScope}: one sealed standard scope shared by all invocations, each getting a fresh child scope for its
 * own globals (cheaper, and what Rhino's documentation suggests); otherwise new standard objects per invocation.
 */
final class RhinoEngine implements HookEngine {

    private static final int OBSERVE_EVERY_INSTRUCTIONS = 10_000;
    private static final String DEADLINE = "hookbox.bench.deadline";

    private final ContextFactory factory = new TimedContextFactory();
    private final boolean sharedScope;
    private final ScriptableObject sealedStandardScope;
    private final SourceCache<Script> hooks = new SourceCache<>(source -> Context.getCurrentContext().compileString(source, "hook.js", 1, null));
    private final Script wrapper;

    RhinoEngine(boolean sharedScope) {
        this.sharedScope = sharedScope;
        try (Context context = factory.enterContext()) {
            sealedStandardScope = sharedScope ? context.initSafeStandardObjects(null, true) : null;
            wrapper = context.compileString(Workload.WRAPPER, "wrapper.js", 1, null);
        }
    }

    @Override
    public String invoke(String source, String inputJson) {
        try (Context context = factory.enterContext()) {
            context.putThreadLocal(DEADLINE, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(InvocationTimer.TIMEOUT_MS));
            Scriptable scope = newScope(context);
            hooks.get(source).exec(context, scope);
            Function call = (Function) wrapper.exec(context, scope);
            Object output = call.call(context, scope, scope, new Object[] {ScriptableObject.getProperty(scope, "handle"), inputJson});
            return Context.toString(output);
        }
    }

    private Scriptable newScope(Context context) {
        if (!sharedScope) {
            return context.initSafeStandardObjects(null, true);
        }
        Scriptable scope = context.newObject(sealedStandardScope);
        scope.setPrototype(sealedStandardScope);
        scope.setParentScope(null);
        return scope;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static final class TimedContextFactory extends ContextFactory {
        @Override
        protected Context makeContext() {
            Context context = super.makeContext();
            context.setLanguageVersion(Context.VERSION_ES6);
            context.setClassShutter(className -> false);
            context.setGenerateObserverCount(true);
            context.setInstructionObserverThreshold(OBSERVE_EVERY_INSTRUCTIONS);
            return context;
        }

        @Override
        protected void observeInstructionCount(Context context, int instructionCount) {
            Object deadline = context.getThreadLocal(DEADLINE);
            if (deadline instanceof Long nanos && System.nanoTime() > nanos) {
                throw new Error("the hook did not finish within " + InvocationTimer.TIMEOUT_MS + " ms");
            }
        }
    }
}
