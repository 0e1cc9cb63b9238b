package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;

import java.util.ArrayList;
import java.util.List;

/**
 * scripts/bench envelope: what encoding and decoding a frame costs in-process, the worker protocol's envelope (CBOR,
 * text as raw UTF-8) against the JSON frames it replaced, on a chain of five hooks named by digest with a 2 KB input
 * and on a step's outcome carrying the same data back. No process, no pipe: the two encodings alone.
 */
final class EnvelopeBench {

    private static final int INPUT_BYTES = 2_048;
    private static final int HOOKS = 5;

    private EnvelopeBench() {
    }

    /** Arguments: [rounds] [calls per round], default 10 and 20000 (about a few seconds in all). */
    static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        JsonNode data = inputOf(INPUT_BYTES);
        String input = Frames.MAPPER.writeValueAsString(data);
        List<ToWorker.Chain.Step> steps = new ArrayList<>();
        for (int i = 0; i < HOOKS; i++) {
            String source = Workload.hook("trivial.js") + "\n// hook " + i;
            steps.add(new ToWorker.Chain.Step(new ToWorker.Run(100 + i, null, null, false, null, null, null, null, null,
                    SourceDigests.of(source)), "hook " + i, false));
        }
        ToWorker.Chain chain = new ToWorker.Chain(100, HookTypes.POST_LOGIN.id(), input, steps);
        FromWorker.Finished finished = new FromWorker.Finished(100, RunResult.success(data, List.of(), 1), false, false);
        System.out.printf("frame encode + decode in-process, %d rounds of %d calls each, JSON and the envelope"
                + " alternated; load average %s%n", rounds, perRound, BenchMain.loadAverage());
        compare("a chain of " + HOOKS + " hooks, input " + input.length() + " B", chain, ToWorker.class, rounds, perRound);
        compare("a step's outcome, result " + input.length() + " B", finished, FromWorker.class, rounds, perRound);
        System.out.printf("load average after: %s%n", BenchMain.loadAverage());
    }

    private static <T> void compare(String what, T message, Class<T> type, int rounds, int perRound) throws Exception {
        byte[] json = Frames.MAPPER.writeValueAsBytes(message);
        byte[] envelope = Frames.encode(message);
        if (!Frames.MAPPER.writeValueAsString(Frames.decode(envelope, type))
                .equals(Frames.MAPPER.writeValueAsString(Frames.MAPPER.readValue(json, type)))) {
            throw new IllegalStateException("the envelope and JSON did not carry the same message: " + what);
        }
        long[][] nanos = FetchBench.alternated(rounds, perRound,
                () -> Frames.MAPPER.readValue(Frames.MAPPER.writeValueAsBytes(message), type),
                () -> Frames.decode(Frames.encode(message), type));
        System.out.printf("%s: JSON frame %d B, envelope %d B%n", what, json.length, envelope.length);
        FetchBench.report("  JSON", nanos[0]);
        FetchBench.report("  envelope (CBOR)", nanos[1]);
    }

    /** The benchmark's post-login data, with a note (quotes and line breaks among its letters) that brings its JSON text to {@code bytes}. */
    private static JsonNode inputOf(int bytes) throws Exception {
        ObjectNode data = (ObjectNode) Frames.MAPPER.readTree(Workload.INPUT);
        StringBuilder note = new StringBuilder();
        data.put("note", "");
        while (Frames.MAPPER.writeValueAsBytes(data).length < bytes) {
            note.append(note.length() % 24 == 0 ? '\n' : note.length() % 12 == 0 ? '"' : 'x');
            data.put("note", note.toString());
        }
        return data;
    }
}
