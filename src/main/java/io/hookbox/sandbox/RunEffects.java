package io.hookbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a run asks the host to keep besides its result, applied by the host after the run (the worker reaches no store):
 * {@code cache}, the changes it made to its hook's cache, in order; {@code deniedData}, for an Auth0 Action that denied,
 * the data with the calls it made before the deny applied (Auth0 saves the metadata set before a deny), else null.
 */
public record RunEffects(List<CacheWrite> cache, JsonNode deniedData) {

    public static final RunEffects NONE = new RunEffects(List.of(), null);

    public RunEffects {
        cache = cache == null ? List.of() : List.copyOf(cache);
    }

    public boolean isEmpty() {
        return cache.isEmpty() && deniedData == null;
    }
}
