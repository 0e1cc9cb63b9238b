package io.hookbox.bench;

import java.util.Arrays;

/** The latency distribution of one measured series, in microseconds. */
public record Latency(long samples, double medianMicros, double p99Micros) {

    public static Latency ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, percentile(sorted, 0.50) / 1_000.0, percentile(sorted, 0.99) / 1_000.0);
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
