package io.hookbox.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One series of a histogram as a server's {@code /metrics} shows it in the Prometheus text format: its cumulative
 * buckets (upper bound in seconds to count), count and sum. Two readings subtract to what happened between them.
 */
record FlowHooksHistogram(TreeMap<Double, Double> buckets, double count, double sum) {

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The series of {@code name} whose {@code type} label is {@code type}; empty when the server has none yet. */
    static FlowHooksHistogram parse(String metrics, String name, String type) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        double sum = 0;
        String label = "type=\"" + type + "\"";
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !line.contains(label)) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(name + "_bucket{")) {
                Matcher le = LE.matcher(line);
                if (le.find()) {
                    buckets.put(le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1)), value);
                }
            } else if (line.startsWith(name + "_count{")) {
                count = value;
            } else if (line.startsWith(name + "_sum{")) {
                sum = value;
            }
        }
        return new FlowHooksHistogram(buckets, count, sum);
    }

    /** What was recorded after {@code earlier} and up to this reading. */
    FlowHooksHistogram minus(FlowHooksHistogram earlier) {
        TreeMap<Double, Double> between = new TreeMap<>();
        buckets.forEach((bound, cumulative) -> between.put(bound, cumulative - earlier.buckets.getOrDefault(bound, 0.0)));
        return new FlowHooksHistogram(between, count - earlier.count, sum - earlier.sum);
    }

    double meanMicros() {
        return count == 0 ? Double.NaN : sum / count * 1e6;
    }

    /** The median and p99, each interpolated within its bucket as Prometheus's histogram_quantile does. */
    Latency latency() {
        return new Latency((long) count, quantileMicros(0.50), quantileMicros(0.99));
    }

    private double quantileMicros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lowerBound = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1e6;
                }
                double inBucket = bucket.getValue() - below;
                double fraction = inBucket == 0 ? 1 : (rank - below) / inBucket;
                return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1e6;
            }
            lowerBound = bucket.getKey();
            below = bucket.getValue();
        }
        return Double.NaN;
    }
}
