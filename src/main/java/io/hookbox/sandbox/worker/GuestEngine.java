package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.HookForm;
import io.hookbox.sandbox.RuntimePolicy;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one GraalVM engine of a worker, shared by all its contexts so parsed sources are cached, and the
 * one place where a context's options are chosen. Thread-safe.
 */
final class GuestEngine implements AutoCloseable {

    static final String SCRIPT_NAME = "hook.js";
    static final String MODULE_NAME = "hook.mjs";
    private static final String LOOKUP_NAME = "hookbox-lookup.js";
    static final int MAX_RESULT_DEPTH = 200;
    private static final int SOURCE_CACHE_SIZE = 512;
    private static final Pattern MODULE_SYNTAX = Pattern.compile("(?m)^\\s*(export|import)[\\s{*]");

    private final RuntimePolicy.Limits limits;
    private final boolean sealBuiltins;
    private final Engine engine;
    private final ResourceLimits resourceLimits;
    private final Source prelude;
    private final Source modules;
    private final Source nodeCore;
    private final Source webGlobals;
    private final HostCalls hostCalls;
    private final Source auth0;
    private final Source handleLookup;
    private final Map<String, Source> hookSources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
            return size() > SOURCE_CACHE_SIZE;
        }
    };

    /** An engine whose hooks cannot fetch (no server to send their requests). */
    GuestEngine(RuntimePolicy.Limits limits, boolean sealBuiltins, OutputStream engineLog) {
        this(limits, sealBuiltins, engineLog, HostCalls.offline());
    }

    /**
     * {@code sealBuiltins}: freeze every built-in in each context, as contexts that may be kept need;
     * {@code hostCalls}: where hooks' fetch requests go.
     */
    GuestEngine(RuntimePolicy.Limits limits, boolean sealBuiltins, OutputStream engineLog, HostCalls hostCalls) {
        this.limits = limits;
        this.hostCalls = hostCalls;
        this.sealBuiltins = sealBuiltins;
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(engineLog)
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.resourceLimits = ResourceLimits.newBuilder()
                .statementLimit(limits.maxStatements(), source -> !source.isInternal())
                .build();
        this.prelude = internalSource("hookbox-prelude.js", readResource("prelude.js"));
        this.modules = internalSource("hookbox-modules.js", readResource("modules.js"));
        this.nodeCore = internalSource("hookbox-modules-node.js", readResource("node-core.js"));
        this.webGlobals = internalSource("hookbox-web.js", readResource("web.js"));
        this.auth0 = internalSource("hookbox-auth0.js", readResource("auth0.js"));
        this.handleLookup = internalSource(LOOKUP_NAME,
                "typeof handle === 'function' ? handle : undefined");
    }

    String implementationName() {
        return engine.getImplementationName();
    }

    /** True when the Graal compiler optimizes hot code; false when scripts only run interpreted. */
    boolean optimizing() {
        return !implementationName().toLowerCase().contains("interpreted");
    }

    PreparedContext prepare(Watchdog watchdog) {
        GuestBridge bridge = new GuestBridge(watchdog, new HostFunctions(hostCalls));
        Context context = newContext();
        try {
            Value install = context.eval(prelude);
            Value driver = install.execute(bridge, limits.maxResultBytes(), limits.maxPendingTimers(), MAX_RESULT_DEPTH);
            bridge.host().attachWeb(context.eval(webGlobals).execute(bridge));
            context.eval(modules).execute(bridge, context.eval(nodeCore).execute(limits.maxAllocatedBytes()));
            Value adapter = context.eval(auth0).execute(bridge);
            bridge.host().attachAuth0(adapter);
            if (sealBuiltins) {
                driver.invokeMember("seal");
            }
            return new PreparedContext(context, driver, bridge, adapter);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    private Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .allowExperimentalOptions(false)
                .resourceLimits(resourceLimits)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.esm-eval-returns-exports", "true")
                .option("js.text-encoding", "true")
                .build();
    }

    /** The hook's source, as an ES module when it uses export, else as a script; its imports load its packages. */
    Source hookSource(String code) {
        synchronized (hookSources) {
            return hookSources.computeIfAbsent(code, text -> {
                // Imports become requires of the hook's packages; a hook whose only module syntax was its imports is a script.
                String source = MODULE_SYNTAX.matcher(text).find() ? ModuleImports.rewrite(text)
                        : HookForm.of(text) == HookForm.RULE ? HookForm.ruleExpression(text) : text;
                boolean module = MODULE_SYNTAX.matcher(source).find();
                Source.Builder builder = Source.newBuilder("js", source, module ? MODULE_NAME : SCRIPT_NAME).cached(true);
                if (module) {
                    builder.mimeType("application/javascript+module");
                }
                return builder.buildLiteral();
            });
        }
    }

    static boolean isModule(Source source) {
        return MODULE_NAME.equals(source.getName());
    }

    Source handleLookup() {
        return handleLookup;
    }

    private static Source internalSource(String name, String code) {
        return Source.newBuilder("js", code, name).internal(true).cached(true).buildLiteral();
    }

    private static String readResource(String name) {
        try (InputStream in = Objects.requireNonNull(GuestEngine.class.getResourceAsStream(name),
                name + " is missing from the classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
