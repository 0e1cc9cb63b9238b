package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * Values to build a sample context from: the test-run generator answers with random ones. Each hook type's
 * sample recipe asks for what its flow has and passes it to the same {@link HookData} builder the auth core uses.
 */
public interface SampleFacts {

    /** The moment the flow happens. */
    Instant now();

    /** A user who exists, with a history of sign-ins or not. */
    StoredUser storedUser();

    /** The fields of a user signing up. */
    UserProfile newUser();

    /** The id a new user is saved with. */
    String newUserId();

    Client client();

    /** A sign-in request by {@code client} for {@code user}. */
    RequestInfo signInRequest(Client client, StoredUser user);

    /** A sign-up request by {@code client} for {@code user}. */
    RequestInfo signUpRequest(Client client, UserProfile user);

    boolean passwordVerified();

    /** A management API request with this JSON body (null for none). */
    RequestInfo managementRequest(ObjectNode body);

    /** Changes to {@code user} a management API request asks for: fields of {@link UserChanges}. */
    ObjectNode userChanges(StoredUser user);

    /** A client-credentials token request by {@code client}, asking for {@code scope} (null for none). */
    RequestInfo tokenRequest(Client client, String scope);

    /** The scope an application asks for with the client-credentials grant, or null. */
    String requestedScope();

    /** The issuer URL of a tenant. */
    String issuer();

    /** The tokens a sign-in issues. */
    SignInClaims signInClaims(StoredUser user, Client client);
}
