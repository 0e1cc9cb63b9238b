package io.hookbox.hooks.data;

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

    /** The tokens a sign-in issues. */
    SignInClaims signInClaims(StoredUser user, Client client);
}
