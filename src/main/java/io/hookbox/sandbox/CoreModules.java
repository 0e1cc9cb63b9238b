package io.hookbox.sandbox;

import java.util.Set;

/** Node's core modules as hooks see them: the few they have (shims in the sandbox) and the rest, refused by name. */
public final class CoreModules {

    /** What {@code require} gives hooks, with or without the {@code node:} prefix. */
    public static final Set<String> AVAILABLE = Set.of("events", "path", "util", "assert", "process", "crypto",
            "buffer", "url", "querystring", "string_decoder", "punycode");

    private static final Set<String> UNAVAILABLE = Set.of("fs", "fs/promises", "child_process", "net", "http", "https",
            "http2", "os", "worker_threads", "vm", "cluster", "dgram", "dns", "tls", "readline", "repl", "tty", "v8",
            "inspector", "module", "perf_hooks", "async_hooks", "trace_events", "wasi", "zlib", "stream", "stream/promises",
            "timers", "timers/promises", "diagnostics_channel", "domain", "constants", "sys", "console", "test", "sea", "sqlite");

    private CoreModules() {
    }

    public static boolean isCore(String name) {
        return AVAILABLE.contains(name) || UNAVAILABLE.contains(name);
    }
}
