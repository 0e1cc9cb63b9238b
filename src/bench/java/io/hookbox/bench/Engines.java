package io.hookbox.bench;

import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.worker.InProcessWorker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engines and modes compared, by the names the benchmark and the tables use. */
public final class Engines {

    public static final String HOOKBOX = "hookbox";
    public static final String HOOKBOX_REUSE = "hookbox-reuse";
    public static final String HOOKBOX_WORKER = "hookbox-worker";
    public static final String GRAAL_FRESH = "graal-fresh";
    public static final String GRAAL_REUSED = "graal-reused";
    public static final String NASHORN = "nashorn";
    public static final String RHINO_FRESH = "rhino-fresh";
    public static final String RHINO_SEALED = "rhino-sealed";
    public static final String NODE = "node";
    /** Node timed inside Node: not an engine of its own, a second view of the Node peer. */
    public static final String NODE_INSIDE = "node-inside";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(HOOKBOX, "hookbox, real path: HookRuntime API → worker pool → worker process, limits on, fresh context");
        DESCRIPTIONS.put(HOOKBOX_REUSE, "hookbox, real path with contexts.reuse on: a kept context per hook, built-ins frozen");
        DESCRIPTIONS.put(HOOKBOX_WORKER, "hookbox worker in-process: same engine, prelude, watchdog and limits, no process boundary");
        DESCRIPTIONS.put(GRAAL_FRESH, "GraalJS engine only: shared Engine, fresh Context per call, JIT");
        DESCRIPTIONS.put(GRAAL_REUSED, "GraalJS engine only: one reused Context (not isolated; reference)");
        DESCRIPTIONS.put(NASHORN, "Nashorn 15.6: class filter denies all, fresh global per call, watchdog");
        DESCRIPTIONS.put(RHINO_FRESH, "Rhino 1.8.1: fresh sealed safe standard objects per call, instruction observer");
        DESCRIPTIONS.put(RHINO_SEALED, "Rhino 1.8.1: shared sealed safe scope + fresh child scope per call, instruction observer");
        DESCRIPTIONS.put(NODE, "Node.js vm.runInNewContext with timeout, long-lived process, JSON lines (round trip from Java)");
        DESCRIPTIONS.put(NODE_INSIDE, "the same Node.js work timed inside Node (engine only, no round trip)");
    }

    /** Every row of the tables, in their order. */
    public static final List<String> ROWS = List.copyOf(DESCRIPTIONS.keySet());

    /** The engines a benchmark can start. */
    public static final List<String> NAMES = ROWS.stream().filter(name -> !name.equals(NODE_INSIDE)).toList();

    private Engines() {
    }

    /** hookbox and the GraalJS modes, whose optimizing compiler needs a longer warm-up than the peers. */
    public static boolean usesGraalJs(String name) {
        return name.startsWith(HOOKBOX) || name.startsWith("graal-");
    }

    public static String describe(String name) {
        return DESCRIPTIONS.getOrDefault(name, name);
    }

    /** Starts an engine; {@code home} is the repository (hookbox's policy file and build). */
    public static HookEngine start(String name, Path home) {
        return switch (name) {
            case HOOKBOX -> new HookboxEngine(home, false);
            case HOOKBOX_REUSE -> new HookboxEngine(home, true);
            case HOOKBOX_WORKER -> new InProcessWorker(RuntimePolicy.load(home.resolve("sandbox-policy.json")));
            case GRAAL_FRESH -> new GraalFreshEngine();
            case GRAAL_REUSED -> new GraalReusedEngine();
            case NASHORN -> new NashornEngine();
            case RHINO_FRESH -> new RhinoEngine(false);
            case RHINO_SEALED -> new RhinoEngine(true);
            case NODE -> new NodeEngine();
            default -> throw new IllegalArgumentException("unknown engine " + name + "; known: " + NAMES);
        };
    }
}
