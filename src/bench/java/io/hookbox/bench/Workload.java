package io.hookbox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark scenario: the same hook sources and the same ≈1.2 KB post-login data for every engine.
 * A cold workload runs a source no engine has seen before on every call.
 */
public record Workload(String name, String description, List<String> sources, boolean cold) {

    public static final String TRIVIAL = "trivial";
    public static final String REALISTIC = "realistic";
    public static final String COMPUTE = "compute";
    public static final String PIPELINE = "pipeline";
    public static final String COLD = "cold";

    public static final List<String> NAMES = List.of(TRIVIAL, REALISTIC, COMPUTE, PIPELINE, COLD);

    /** The data every hook receives: a post-login context of about 1.2 KB. */
    public static final String INPUT = resource("data.json").strip();

    /** The same wrapper for every engine: calls {@code handle(data, callback)} on JSON text, answers JSON text. */
    public static final String WRAPPER = resource("wrapper.js");

    private static final AtomicLong coldSources = new AtomicLong();

    public static Workload named(String name) {
        return switch (name) {
            case TRIVIAL -> new Workload(name, "add one field and call back", List.of(hook("trivial.js")), false);
            case REALISTIC -> new Workload(name, "email normalization, CIDR allow-list, claims from metadata, JSON reshaping ("
                    + hook("realistic.js").lines().count() + " lines)", List.of(hook("realistic.js")), false);
            case COMPUTE -> new Workload(name, "SHA-256 of 64 KiB in pure JS", List.of(hook("compute.js")), false);
            case PIPELINE -> new Workload(name, "five hooks in order, each given the previous result", Arrays.stream(new String[] {
                    "pipeline-1-domain.js", "pipeline-2-locale.js", "pipeline-3-roles.js", "pipeline-4-org.js",
                    "pipeline-5-audit.js"}).map(Workload::hook).toList(), false);
            case COLD -> new Workload(name, "the realistic hook as a source never seen before", List.of(hook("realistic.js")), true);
            default -> throw new IllegalArgumentException("unknown scenario " + name + "; known: " + NAMES);
        };
    }

    /** One invocation of the scenario on {@code engine}; answers the final data as JSON. */
    public String runOnce(HookEngine engine) throws Exception {
        if (cold) {
            return engine.invoke(sources.get(0) + "\n// never seen before: " + coldSources.incrementAndGet() + "\n", INPUT);
        }
        return sources.size() == 1 ? engine.invoke(sources.get(0), INPUT) : engine.pipeline(sources, INPUT);
    }

    /** True when {@code output} is what this scenario's hooks produce (checked once per engine, not timed). */
    public boolean producedBy(String output) {
        String marker = switch (name) {
            case TRIVIAL -> "\"seen\":true";
            case REALISTIC, COLD -> "\"normalized_email\":\"adalovelace@gmail.com\"";
            case COMPUTE -> "\"fingerprint\":\"0c1479d05956851aa557e35af10e9a844ca0285b41d2e5975daa04762624c15a\"";
            case PIPELINE -> "\"last_client\":\"Storefront\"";
            default -> throw new IllegalStateException(name);
        };
        return output.replace(" ", "").contains(marker);
    }

    static String hook(String file) {
        return resource("hooks/" + file);
    }

    static String resource(String path) {
        try (InputStream in = Objects.requireNonNull(Workload.class.getResourceAsStream(path), path + " is missing")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
