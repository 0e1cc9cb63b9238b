package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One line of a run's console output. {@code level} is log, info, warn, error or debug; {@code origin} tells a line
 * the hook printed from one hookbox added about the run (a second callback, the truncation marker), which a hook
 * cannot forge.
 */
public record ConsoleEntry(String level, String message, long timestampMs, Origin origin) {

    public enum Origin {
        HOOK, HOOKBOX;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    public ConsoleEntry {
        origin = origin == null ? Origin.HOOK : origin;
    }

    /** A line the hook printed. */
    public ConsoleEntry(String level, String message, long timestampMs) {
        this(level, message, timestampMs, Origin.HOOK);
    }
}
