package io.hookbox.sandbox;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * An INTERNAL failure as a tenant sees it: a fixed message and an incident id, never hookbox's own details (class
 * names, exception messages). The details go to the log under the same id, so an operator can find them.
 */
public final class Incident {

    private Incident() {
    }

    /** Logs {@code detail} under a new incident id and returns the error the run answers. */
    public static RunError report(String detail, Consumer<String> log) {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        log.accept("incident " + id + ": " + detail);
        return RunError.of(ErrorCode.INTERNAL, "hookbox failed while running this hook, through no fault of the hook"
                + " (incident " + id + ")");
    }
}
