package io.hookbox.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.errors.HookboxException;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds of test contexts: integers from 0 to 2^53 - 1, so a JavaScript client keeps them exact and can send one
 * back to re-run a failure.
 */
public final class Seeds {

    public static final long MAX = (1L << 53) - 1;

    private Seeds() {
    }

    /** A fresh random seed. */
    public static long random() {
        return ThreadLocalRandom.current().nextLong(MAX + 1);
    }

    /** The seed a request gave as a JSON value, a random one when it gave none (absent or null). */
    public static long fromJson(JsonNode seed) {
        if (seed == null || seed.isNull() || seed.isMissingNode()) {
            return random();
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw invalid(seed.toString());
        }
        return checked(seed.longValue(), seed.toString());
    }

    /** The seed a request gave as text (a query parameter), a random one when it gave none. */
    public static long fromText(String seed) {
        if (seed == null || seed.isEmpty()) {
            return random();
        }
        if (!seed.matches("[0-9]{1,16}")) {
            throw invalid(seed);
        }
        return checked(Long.parseLong(seed), seed);
    }

    private static long checked(long seed, String given) {
        if (seed < 0 || seed > MAX) {
            throw invalid(given);
        }
        return seed;
    }

    private static HookboxException invalid(String given) {
        return new HookboxException(HookboxException.Kind.INVALID, "invalid_seed",
                "seed must be an integer from 0 to " + MAX + ", not " + given, Map.of("field", "seed"));
    }
}
