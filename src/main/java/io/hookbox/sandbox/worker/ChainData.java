package io.hookbox.sandbox.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.sandbox.CacheWrite;
import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunEffects;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;
import io.hookbox.secrets.Redactor;
import io.hookbox.testrun.TestContexts;

import java.util.List;

/**
 * The data a chain hands from step to step in the worker, judged as the server judged it between two runs before:
 * a step's result is cleared of that step's secrets, then checked by the hook type ({@link HookType#checkResult}, the
 * same definition the server reads) against the data the step was given; it becomes the next step's data only when the
 * type has no objection. Used by one run thread for one chain.
 */
final class ChainData {

    private final String typeId;
    private final HookType type;
    private String text;
    private JsonNode data;

    /** {@code typeId}: the chain's hook type, or null for no check; {@code input}: the first step's data, as JSON text. */
    ChainData(String typeId, String input) {
        this.typeId = typeId;
        this.type = typeId == null ? null : HookTypes.find(typeId).orElse(null);
        this.text = input;
    }

    /**
     * Checks a sample of each hook type once and encodes a step's outcome, which takes a cold JVM about a second (the
     * types, their schemas' validators, the JSON they read and write): done beside the engine's start, before the worker
     * takes runs, so a chain's first step never spends its deadline on it.
     */
    static void prepare() {
        for (HookType type : HookTypes.all()) {
            JsonNode sample = TestContexts.generate(type, 1);
            RunError verdict = type.checkResult(type.hookCalled(null), sample, sample).orElse(null);
            try {
                Frames.encode(new FromWorker.Finished(0, RunResult.success(sample, List.of(), 0), false,
                        false, new RunEffects(List.of(new CacheWrite("key", "value", 0)), sample), verdict));
            } catch (Frames.Unwritable e) {
                throw new IllegalStateException("a step's outcome always encodes", e);
            }
        }
    }

    /** The data the next step gets, as JSON text. */
    String text() {
        return text;
    }

    /** A step's result as the next data (null when there is an objection), or the type's objection. */
    record Judged(RunError verdict, JsonNode data) {
    }

    /** Judges the result of {@code step}, which succeeded; {@link #take} makes it the data the next step gets. */
    Judged judge(ToWorker.Chain.Step step, RunResult succeeded) {
        JsonNode after = step.run().secrets().isEmpty() ? succeeded.result()
                : succeeded.redacted(Redactor.of(step.run().secrets())::redact).result();
        try {
            if (typeId != null) {
                if (type == null) {
                    return objection(Incident.report("a chain named the unknown hook type '" + typeId + "'", System.err::println));
                }
                if (data == null) {
                    data = Frames.MAPPER.readTree(text);
                }
                RunError objection = type.checkResult(type.hookCalled(step.name()), data, after).orElse(null);
                if (objection != null) {
                    return objection(objection);
                }
            }
            return new Judged(null, after);
        } catch (JsonProcessingException e) {
            return objection(Incident.report("the data a chain was given could not be read: "
                    + e.getOriginalMessage(), System.err::println));
        }
    }

    /** Makes a judged result without objection the next step's data. */
    void take(Judged judged) {
        if (judged.data() == null) {
            return;
        }
        try {
            text = Frames.MAPPER.writeValueAsString(judged.data());
            data = judged.data();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hook's result is plain JSON data and always serialises", e);
        }
    }

    private static Judged objection(RunError verdict) {
        return new Judged(verdict, null);
    }
}
