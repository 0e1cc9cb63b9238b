package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.ConsoleEntry;
import io.hookbox.sandbox.RuntimePolicy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's console output, bounded by the policy: past the entry or byte budget one truncation marker is
 * added and later output is dropped; past the flood budget the run must end (OUTPUT_LIMIT).
 * Used by the run's own thread only.
 */
final class ConsoleCapture {

    static final int MAX_MESSAGE_CHARS = 8_192;

    private final RuntimePolicy.ConsoleLimits limits;
    private final List<ConsoleEntry> entries = new ArrayList<>();
    private long keptBytes;
    private long attemptedBytes;
    private boolean truncated;

    ConsoleCapture(RuntimePolicy.ConsoleLimits limits) {
        this.limits = limits;
    }

    /** Records one console call; returns false once the output is a flood that must end the run. */
    boolean add(String level, String message) {
        attemptedBytes += message.length();
        if (attemptedBytes > limits.floodBytes()) {
            return false;
        }
        if (truncated) {
            return true;
        }
        String kept = message.length() > MAX_MESSAGE_CHARS
                ? message.substring(0, MAX_MESSAGE_CHARS) + "… [" + (message.length() - MAX_MESSAGE_CHARS) + " more characters]"
                : message;
        long bytes = kept.getBytes(StandardCharsets.UTF_8).length;
        if (entries.size() >= limits.maxEntries() || keptBytes + bytes > limits.maxBytes()) {
            truncated = true;
            note("warn", "[console output truncated: more than " + limits.maxEntries()
                    + " entries or " + limits.maxBytes() + " bytes; the rest of this run's output was dropped]");
            return true;
        }
        keptBytes += bytes;
        entries.add(new ConsoleEntry(level, kept, System.currentTimeMillis()));
        return true;
    }

    /** Adds a line of hookbox's own about the run; it counts against no budget, and only hookbox can write one. */
    void note(String level, String message) {
        entries.add(new ConsoleEntry(level, message, System.currentTimeMillis(), ConsoleEntry.Origin.HOOKBOX));
    }

    List<ConsoleEntry> entries() {
        return entries;
    }
}
