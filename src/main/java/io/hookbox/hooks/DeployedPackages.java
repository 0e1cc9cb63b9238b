package io.hookbox.hooks;

import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * What a deploy fixes besides a hook's source: the exact versions of its npm packages, kept by the packages capability
 * so that a deployed version runs with the packages it was deployed with, whatever the draft installs later.
 * Implementations are thread-safe.
 */
public interface DeployedPackages {

    /** For hooks without packages (tests of the hooks alone). */
    DeployedPackages NONE = new DeployedPackages() {
        @Override
        public void fix(Handle handle, String hookId, int version) {
        }

        @Override
        public void fixRollback(Handle handle, String hookId, int version, int from, boolean draftFollows) {
        }

        @Override
        public Map<Integer, Map<String, String>> of(String hookId) {
            return Map.of();
        }
    };

    /** In the deploy's transaction: fixes the draft's packages as those of the new {@code version}. */
    void fix(Handle handle, String hookId, int version);

    /**
     * In the rollback's transaction: fixes the packages version {@code from} was deployed with as those of the new
     * {@code version}; the draft's become them too when {@code draftFollows} (the draft held no change not deployed).
     */
    void fixRollback(Handle handle, String hookId, int version, int from, boolean draftFollows);

    /**
     * The packages each version was deployed with (name to exact version), by version number; versions deployed before
     * deploys fixed packages are missing.
     */
    Map<Integer, Map<String, String>> of(String hookId);
}
