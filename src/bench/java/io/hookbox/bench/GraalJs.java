package io.hookbox.bench;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

import java.io.OutputStream;

/**
 * GraalJS as a team would embed it without hookbox: one shared Engine (parsed sources cached), contexts under the
 * CONSTRAINED sandbox policy, which denies host access, I/O, threads and processes; no prelude, no limits but the
 * timeout. Compiled when the JVM runs with JVMCI and the Graal compiler, as scripts/bench starts it.
 */
final class GraalJs {

    private GraalJs() {
    }

    static Engine newEngine() {
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }

    static Context newContext(Engine engine) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
    }

    static Source source(String name, String text) {
        return Source.newBuilder("js", text, name).cached(true).buildLiteral();
    }
}
