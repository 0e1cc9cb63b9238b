package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * scripts/bench require: what requiring a package costs a hook, with no registry and no network. Two packages are
 * written to a temporary package store: a CommonJS one the size of lodash's modular build (an index requiring 120
 * modules, about 600 KB) and an ES-module-only one (made CommonJS by the loader). Measured through the worker pool,
 * as flows run hooks: the first run of each hook on a new pool (the package's sources parsed, its modules
 * evaluated), then warm runs in fresh contexts and with contexts.reuse, against the same hook requiring nothing.
 */
final class RequireBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MODULES = 120;
    private static final String WITHOUT = "function handle(data, callback) { data.user.app_metadata.n = [3, 1, 2].sort()[0];"
            + " callback(null, data); }";
    private static final String WITH_CJS = "const big = require('big-cjs');\n"
            + "function handle(data, callback) { data.user.app_metadata.n = big.m7([3, 1, 2]); callback(null, data); }";
    private static final String WITH_ESM = "import { smallest } from 'only-esm';\n"
            + "function handle(data, callback) { data.user.app_metadata.n = smallest([3, 1, 2]); callback(null, data); }";

    private RequireBench() {
    }

    /** Arguments: [warm-up runs] [measured runs], default 500 and 2000. */
    static void run(Path home, String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path store = Files.createTempDirectory("hookbox-require-bench");
        HookPackages packages = new HookPackages(List.of("big-cjs", "only-esm"),
                List.of(writeCommonJs(store.resolve("big-cjs")), writeEsModule(store.resolve("only-esm"))));
        JsonNode input = JSON.readTree(Workload.INPUT);
        RuntimePolicy policy = RuntimePolicy.load(home.resolve("sandbox-policy.json"));
        System.out.printf("%d warm-up and %d measured runs each, one at a time; load average %s%n", warmup, count,
                BenchMain.loadAverage());
        for (boolean reuse : new boolean[] {false, true}) {
            String contexts = reuse ? "reused contexts" : "fresh contexts";
            try (WorkerPool pool = WorkerPool.start(reuse ? HookboxEngine.withContextReuse(policy) : policy,
                    WorkerLauncher.fromSystemProperties())) {
                io.hookbox.support.TestRuntime.awaitWarm(pool);
                for (String[] hook : new String[][] {{"no package", WITHOUT}, {"lodash-size CommonJS package", WITH_CJS},
                        {"ES-module-only package", WITH_ESM}}) {
                    FetchBench.Step step = () -> {
                        RunResult result = pool.run(new RunRequest("bench", hook[1], input, "require-bench:" + hook[0], packages));
                        if (!result.succeeded()) {
                            throw new IllegalStateException("the benchmark hook failed: " + result.error());
                        }
                    };
                    long start = System.nanoTime();
                    step.run();
                    System.out.printf("%-48s first run %8.1f ms%n", hook[0] + ", " + contexts, (System.nanoTime() - start) / 1e6);
                    FetchBench.report(hook[0] + ", " + contexts + ", warm", FetchBench.timed(warmup, count, step));
                }
            }
        }
        System.out.printf("load average after: %s%n", BenchMain.loadAverage());
    }

    /** An index requiring every module, as lodash's main file does; each module a few functions over arrays. */
    private static HookPackages.Installed writeCommonJs(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("lib"));
        Files.writeString(directory.resolve("package.json"), "{\"name\":\"big-cjs\",\"version\":\"1.0.0\",\"main\":\"index.js\"}");
        StringBuilder index = new StringBuilder("'use strict';\n");
        for (int i = 0; i < MODULES; i++) {
            index.append("exports.m").append(i).append(" = require('./lib/m").append(i).append("');\n");
            Files.writeString(directory.resolve("lib/m" + i + ".js"), module(i));
        }
        Files.writeString(directory.resolve("index.js"), index);
        return new HookPackages.Installed("node_modules/big-cjs", "sha512-require-bench-cjs", directory.toString());
    }

    private static String module(int i) {
        List<String> lines = new ArrayList<>();
        lines.add("'use strict';");
        lines.add(i == 0 ? "var helper = {};" : "var helper = require('./m" + (i - 1) + "');");
        for (int f = 0; f < 20; f++) {
            lines.add("function f" + f + "(array, iteratee) { var result = []; for (var k = 0; k < array.length; k++) {"
                    + " var value = iteratee ? iteratee(array[k], k) : array[k]; if (value !== undefined && value === value)"
                    + " result.push(value); } return result.length > " + f + " ? result.slice(0, " + f + ") : result; }");
        }
        lines.add("module.exports = function m" + i + "(array) { return f0(array).concat(f1(array)).sort()[0]"
                + " !== undefined ? array.slice().sort()[0] : undefined; };");
        lines.add("module.exports.helper = helper;");
        return String.join("\n", lines) + "\n";
    }

    private static HookPackages.Installed writeEsModule(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("package.json"), "{\"name\":\"only-esm\",\"version\":\"1.0.0\",\"type\":\"module\","
                + "\"exports\":{\".\":{\"import\":\"./index.js\"}}}");
        Files.writeString(directory.resolve("index.js"), "export { smallest } from './smallest.js';\nexport * from './more.js';\n"
                + "export default function sorted(array) { return array.slice().sort(); }\n");
        Files.writeString(directory.resolve("smallest.js"), "import sorted from './index.js';\n"
                + "export function smallest(array) { return sorted(array)[0]; }\n");
        Files.writeString(directory.resolve("more.js"), "export const largest = (array) => array.slice().sort().pop();\n");
        return new HookPackages.Installed("node_modules/only-esm", "sha512-require-bench-esm", directory.toString());
    }
}
