package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hookbox.sandbox.HookForm;

import java.time.Instant;

/**
 * A stored hook of a tenant. {@code position} is its 0-based place among the tenant's hooks of its type;
 * {@code version} grows by one on every change to the stored hook, its position included. {@code onError}: what the
 * flow does when this hook fails. {@code stoppedAt} and {@code stoppedReason}: when and how it got a worker killed in
 * a real flow, until it next runs cleanly; null otherwise. {@code content} is the draft; {@code deployedVersion} the
 * number of the version real flows run (see {@link HookVersion}), null until the hook's first deploy;
 * {@code draftChanged}: whether the draft differs from that version's source. {@link #form()}: how the draft is written.
 */
public record Hook(String id, String name, String description, String type, String content, boolean enabled,
                   OnError onError, int position, long version, Instant createdAt, Instant updatedAt, Instant stoppedAt,
                   String stoppedReason, Integer deployedVersion, boolean draftChanged) {

    /** How the draft is written, read from it: {@code handle}, {@code action} (Auth0) or {@code rule} (Auth0). */
    @JsonProperty("form")
    public String form() {
        return HookForm.of(content).json();
    }
}
