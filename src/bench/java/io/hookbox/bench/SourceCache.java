package io.hookbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Compiled hook sources, at most a few dozen, least recently used first out (so cold sources cannot pile up). */
final class SourceCache<T> {

    private static final int CAPACITY = 64;

    private final Function<String, T> compile;
    private final Map<String, T> compiled = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
            return size() > CAPACITY;
        }
    };

    SourceCache(Function<String, T> compile) {
        this.compile = compile;
    }

    T get(String source) {
        T cached = compiled.get(source);
        if (cached == null) {
            cached = compile.apply(source);
            compiled.put(source, cached);
        }
        return cached;
    }
}
