package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which workers run an invocation. Real flows (sign-in, sign-up, token, user management) run in {@link #PRODUCTION};
 * test runs and the checks made when a hook is saved run in {@link #TEST}, on other workers, so nothing a test run
 * does (kills, quarantines, floods) takes capacity from real flows. Callers ask for one of those two; hookbox itself
 * moves the runs of quarantined tenants, sources and hooks to {@link #CONFINED}, whose workers run one hook at a time.
 */
public enum Lane {
    PRODUCTION, TEST, CONFINED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
