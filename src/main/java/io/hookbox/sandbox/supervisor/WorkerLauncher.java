package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.worker.WorkerMain;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the command line of a worker JVM: the server's own JDK, GraalJS on the module path, and the Graal
 * compiler on the upgrade module path with JVMCI on, so hooks are compiled rather than interpreted.
 * The layout defaults to a Maven build under {@code hookbox.home} (the working directory) and each part can
 * be overridden by a system property.
 * <p>
 * Interpreted workers can start from an ahead-of-time cache (JDK 24+, {@code hookbox.worker.aotCache}, made by
 * {@code scripts/run}'s training): their classes come loaded and linked. Compiling workers cannot use one, as class
 * data sharing is off beside {@code --upgrade-module-path}.
 */
public final class WorkerLauncher {

    private static final int AOT_FEATURE = 24;

    private final Path java;
    private final Path graalModules;
    private final Path compilerJar;
    private final String classpath;
    private final Path aotCache;

    public WorkerLauncher(Path java, Path graalModules, Path compilerJar, String classpath) {
        this(java, graalModules, compilerJar, classpath, null);
    }

    private WorkerLauncher(Path java, Path graalModules, Path compilerJar, String classpath, Path aotCache) {
        this.java = java;
        this.graalModules = graalModules;
        this.compilerJar = compilerJar;
        this.classpath = classpath;
        this.aotCache = aotCache;
    }

    public static WorkerLauncher fromSystemProperties() {
        Path home = Path.of(System.getProperty("hookbox.home", System.getProperty("user.dir"))).toAbsolutePath();
        Path target = home.resolve("target");
        return new WorkerLauncher(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Path.of(System.getProperty("hookbox.worker.modules", target.resolve("graal").toString())),
                Path.of(System.getProperty("hookbox.worker.compiler", target.resolve("compiler/compiler.jar").toString())),
                System.getProperty("hookbox.worker.classpath",
                        target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*"),
                aotSupported() ? optionalPath(System.getProperty("hookbox.worker.aotCache")) : null);
    }

    private static Path optionalPath(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Whether this JDK has the ahead-of-time cache (JEP 483) the workers' start-up can use. */
    public static boolean aotSupported() {
        return Runtime.version().feature() >= AOT_FEATURE;
    }

    /**
     * The same layout with hooks run interpreted only: workers start in about a second and spend no CPU compiling,
     * for pools where start-up and a quiet machine matter more than the speed of hooks (tests of limits).
     */
    public WorkerLauncher interpretedOnly() {
        return new WorkerLauncher(java, graalModules, null, classpath, aotCache);
    }

    /** Whether the optimizing compiler can be tried at all: the jar is there and this JDK can take it. */
    public boolean compilerAvailable() {
        return compilerJar != null && Files.isRegularFile(compilerJar) && Runtime.version().feature() >= 21;
    }

    /**
     * {@code replacement}: the pool is already serving, so this worker's compiler gets one thread, and its warm-up
     * cannot take both cores of a small machine from the workers that serve.
     */
    public Process start(int heapMb, boolean withCompiler, boolean replacement) throws IOException {
        if (!Files.isDirectory(graalModules)) {
            throw new IOException("GraalJS modules not found at " + graalModules + " (build with scripts/build)");
        }
        ProcessBuilder builder = new ProcessBuilder(command(heapMb, withCompiler, replacement))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        // Workers get none of the server's secrets or settings.
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();
        if (path != null) {
            environment.put("PATH", path);
        }
        environment.put("LANG", "C.UTF-8");
        return builder.start();
    }

    List<String> command(int heapMb, boolean withCompiler, boolean replacement) {
        List<String> aot = !withCompiler && aotCache != null && Files.isRegularFile(aotCache)
                ? List.of("-XX:AOTCache=" + aotCache) : List.of();
        return command(aot, jvmOptions(heapMb, withCompiler, replacement), List.of(WorkerMain.class.getName()));
    }

    /** An interpreted worker that records the classes it loads into {@code configuration} when it exits (JDK 24+). */
    List<String> recordingCommand(int heapMb, Path configuration) {
        return command(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration),
                jvmOptions(heapMb, false, false), List.of(WorkerMain.class.getName()));
    }

    /** The JVM that turns a recorded {@code configuration} into the interpreted workers' {@code cache}, and exits. */
    List<String> cacheCreationCommand(int heapMb, Path configuration, Path cache) {
        return command(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + cache),
                jvmOptions(heapMb, false, false), List.of());
    }

    private List<String> command(List<String> aot, List<String> options, List<String> main) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(aot);
        command.addAll(options);
        command.addAll(main);
        return command;
    }

    /**
     * Everything but the main class and the AOT mode. The JVM's own messages go to stderr, never to stdout, which
     * carries the protocol: a stale cache is skipped with a warning there, and recording reports what it wrote.
     */
    private List<String> jvmOptions(int heapMb, boolean withCompiler, boolean replacement) {
        List<String> command = new ArrayList<>();
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        if (withCompiler) {
            command.add("-XX:+UnlockExperimentalVMOptions");
            command.add("-XX:+EnableJVMCI");
            command.add("--upgrade-module-path=" + compilerJar);
        }
        command.add("--module-path=" + graalModules);
        command.add("--add-modules=org.graalvm.polyglot");
        command.add("--enable-native-access=org.graalvm.truffle");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Xmx" + heapMb + "m");
        command.add("-Xms" + Math.min(heapMb, 128) + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
        if (withCompiler && replacement) {
            command.add("-Dpolyglot.engine.CompilerThreads=1");
        }
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(classpath);
        return command;
    }
}
