package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hookbox.sandbox.HookForm;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A stored hook of a tenant. {@code position} is its 0-based place among the tenant's hooks of its type;
 * {@code version} grows by one on every change to the stored hook, its position included. {@code onError}: what the
 * flow does when this hook fails. {@code stoppedAt} and {@code stoppedReason}: when and how it got a worker killed in
 * a real flow, until it next runs cleanly, or when its receiver answered 410 Gone and it was disabled; null otherwise.
 * {@code content} is the draft; {@code deployedVersion} the number of the version real flows run (see
 * {@link HookVersion}), null until the hook's first deploy; {@code draftChanged}: whether the draft differs from that
 * version's source. {@link #form()}: how the draft is written.
 * <p>
 * {@code kind}: {@code code} (JavaScript run in the sandbox) or {@code url} (a call of the tenant's endpoint
 * {@code url}, signed, with static headers named {@code headerNames}; a URL hook's content is empty and it has no versions).
 * {@code async}: a URL hook at a trigger that could wait for it is delivered after the fact instead.
 */
public record Hook(String id, String name, String description, String type,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) String content, boolean enabled,
                   OnError onError, int position, long version, Instant createdAt, Instant updatedAt, Instant stoppedAt,
                   String stoppedReason, Integer deployedVersion, boolean draftChanged, String kind,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String url, boolean async,
                   @JsonIgnore String headerNamesJoined) {

    public static final String CODE = "code";
    public static final String URL = "url";

    @JdbiConstructor
    public Hook {
    }

    /** A code hook. */
    public Hook(String id, String name, String description, String type, String content, boolean enabled,
                OnError onError, int position, long version, Instant createdAt, Instant updatedAt, Instant stoppedAt,
                String stoppedReason, Integer deployedVersion, boolean draftChanged) {
        this(id, name, description, type, content, enabled, onError, position, version, createdAt, updatedAt, stoppedAt,
                stoppedReason, deployedVersion, draftChanged, CODE, null, false, "");
    }

    @JsonIgnore
    public boolean isUrl() {
        return URL.equals(kind);
    }

    /** How the draft is written, read from it: {@code handle}, {@code action} (Auth0) or {@code rule} (Auth0); none for a URL hook. */
    @JsonProperty("form")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String form() {
        return isUrl() ? null : HookForm.of(content).json();
    }

    /** The names of a URL hook's static headers (their values are never shown); null for a code hook. */
    @JsonProperty("headerNames")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<String> headerNames() {
        if (!isUrl()) {
            return null;
        }
        return headerNamesJoined == null || headerNamesJoined.isEmpty() ? List.of() : Arrays.asList(headerNamesJoined.split(","));
    }

    /** This hook with its URL-hook fields from {@code from}. */
    Hook withUrlFieldsOf(Hook from) {
        return new Hook(id, name, description, type, content, enabled, onError, position, version, createdAt, updatedAt,
                stoppedAt, stoppedReason, deployedVersion, draftChanged, from.kind, from.url, from.async, from.headerNamesJoined);
    }
}
