package io.hookbox.auth;

import java.time.Instant;
import java.util.List;

/** A tenant's OAuth client: what may sign users in and which grants it may use. */
public record Application(String clientId, String name, List<GrantType> grantTypes, Instant createdAt) {

    public boolean allows(GrantType grant) {
        return grantTypes.contains(grant);
    }
}
