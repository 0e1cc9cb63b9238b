package io.hookbox.sandbox;

/** One line of a hook's console output. {@code level} is log, info, warn, error or debug. */
public record ConsoleEntry(String level, String message, long timestampMs) {
}
