package io.hookbox.bench;

import org.openjdk.nashorn.api.scripting.NashornScriptEngine;
import org.openjdk.nashorn.api.scripting.NashornScriptEngineFactory;
import org.openjdk.nashorn.api.scripting.ScriptObjectMirror;

import javax.script.Bindings;
import javax.script.CompiledScript;
import javax.script.ScriptException;

/**
 * Nashorn as a careful team runs untrusted hooks: no Java access and a class filter that denies every host class,
 * a fresh global (Bindings) per invocation, sources compiled once. The watchdog can only interrupt the thread:
 * Nashorn never checks for it and Thread.stop is gone since JDK 20, so a runaway script cannot really be stopped.
 */
final class NashornEngine implements HookEngine {

    private final NashornScriptEngine engine = (NashornScriptEngine) new NashornScriptEngineFactory()
            .getScriptEngine(new String[] {"--no-java", "--no-syntax-extensions"}, NashornEngine.class.getClassLoader(),
                    className -> false);
    private final CompiledScript wrapper = compile(Workload.WRAPPER);
    private final SourceCache<CompiledScript> hooks = new SourceCache<>(this::compile);

    @Override
    public String invoke(String source, String inputJson) throws ScriptException {
        CompiledScript hook = hooks.get(source);
        Thread caller = Thread.currentThread();
        try (InvocationTimer.Armed timer = InvocationTimer.arm(caller::interrupt)) {
            Bindings global = engine.createBindings();
            hook.eval(global);
            ScriptObjectMirror call = (ScriptObjectMirror) wrapper.eval(global);
            return (String) call.call(null, global.get("handle"), inputJson);
        }
    }

    private CompiledScript compile(String source) {
        try {
            return engine.compile(source);
        } catch (ScriptException e) {
            throw new IllegalArgumentException("Nashorn cannot compile the hook: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing to release: the engine is garbage once unreachable
    }
}
