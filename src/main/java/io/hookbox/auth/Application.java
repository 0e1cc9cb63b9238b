package io.hookbox.auth;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's OAuth client: what may sign users in, which grants it may use, whether it keeps a secret, and the API
 * scopes the client credentials grant may give it.
 */
public record Application(String clientId, String name, List<GrantType> grantTypes, Instant createdAt, ClientType type,
                          List<String> scopes) {

    public boolean allows(GrantType grant) {
        return grantTypes.contains(grant);
    }
}
