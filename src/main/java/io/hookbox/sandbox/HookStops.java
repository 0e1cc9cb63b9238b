package io.hookbox.sandbox;

import java.time.Instant;

/**
 * Told when a stored hook got a worker killed in a real flow (its runs then go to the confined lane), and when it next
 * ran cleanly; the hooks store keeps the mark so the API and the dashboard can show it. Called off the request path.
 */
public interface HookStops {

    HookStops NONE = new HookStops() {
        @Override
        public void stopped(String tenantId, String hookId, Instant at, String reason) {
        }

        @Override
        public void cleared(String tenantId, String hookId) {
        }
    };

    /** {@code cause} ends the sentence "got its worker killed at {@code at} by ...", e.g. "running past its time limit". */
    void stopped(String tenantId, String hookId, Instant at, String cause);

    void cleared(String tenantId, String hookId);
}
