package io.hookbox.egress;

import java.util.List;

/**
 * What hooks may reach through {@code fetch}, read from the {@code egress} section of {@code sandbox-policy.json}.
 * Only http and https to {@code allowedPorts}; every resolved address must be public unless the host is named in
 * {@code allowHosts}; {@code denyHosts} are always refused. Budgets bound what one run and one tenant may send.
 */
public record EgressPolicy(
        boolean enabled,
        List<Integer> allowedPorts,
        List<String> allowHosts,
        List<String> denyHosts,
        int maxRedirects,
        int maxRequestsPerRun,
        int maxConcurrentPerRun,
        int maxRequestBytes,
        int maxResponseBytes,
        long connectTimeoutMs,
        int requestsPerMinute) {

    public static final EgressPolicy DEFAULT = new EgressPolicy(true, List.of(80, 443), List.of(), List.of(), 3, 20, 5,
            1 << 20, 1 << 20, 2_000, 600);

    public EgressPolicy {
        allowedPorts = allowedPorts == null ? List.of(80, 443) : List.copyOf(allowedPorts);
        allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
        denyHosts = denyHosts == null ? List.of() : List.copyOf(denyHosts);
    }

    /** Throws IllegalArgumentException naming the field that is wrong. */
    public void validate() {
        for (Integer port : allowedPorts) {
            if (port == null || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("field 'egress.allowedPorts' holds " + port + ", which is not a port");
            }
        }
        HostRules.parse(allowHosts, "egress.allowHosts");
        HostRules.parse(denyHosts, "egress.denyHosts");
        atLeast("egress.maxRedirects", maxRedirects, 0);
        atLeast("egress.maxRequestsPerRun", maxRequestsPerRun, 1);
        atLeast("egress.maxConcurrentPerRun", maxConcurrentPerRun, 1);
        atLeast("egress.maxRequestBytes", maxRequestBytes, 1_024);
        atLeast("egress.maxResponseBytes", maxResponseBytes, 1_024);
        atLeast("egress.connectTimeoutMs", connectTimeoutMs, 10);
        atLeast("egress.requestsPerMinute", requestsPerMinute, 1);
    }

    private static void atLeast(String field, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("field '" + field + "' must be at least " + minimum + ", but is " + value);
        }
    }
}
