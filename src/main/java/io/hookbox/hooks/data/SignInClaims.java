package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The claim sets of the access token and the ID token about to be issued at a sign-in: what a post-login hook sees
 * in {@code data.context.accessToken} and {@code idToken}, and may extend with custom claims.
 */
public record SignInClaims(ObjectNode accessToken, ObjectNode idToken) {

    /**
     * Claims a hook may never set, change or remove: who issued the token, for whom, when it is valid (RFC 7519),
     * how and for which client the user signed in (OpenID Connect Core, RFC 9068, RFC 8693), and the OpenID standard
     * claims about the user, which come from the stored user only. Hooks add custom claims beside them.
     */
    public static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti",
            "auth_time", "nonce", "acr", "amr", "azp", "sid", "at_hash", "c_hash", "s_hash", "client_id", "scope", "cnf",
            "act", "may_act", "token_type", "name", "given_name", "family_name", "middle_name", "nickname",
            "preferred_username", "profile", "picture", "website", "email", "email_verified", "gender", "birthdate",
            "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at");

    /**
     * By default at most this many bytes (as JSON) of custom claims per token ({@code HOOKBOX_MAX_CUSTOM_CLAIMS_BYTES}):
     * tokens travel in every request's headers.
     */
    public static final int DEFAULT_MAX_CUSTOM_CLAIMS_BYTES = 4096;

    public static final Shape.ObjectShape ACCESS_TOKEN_SHAPE = Shape.object()
            .required("iss", Shape.string(TextFormat.URI), "The issuer: the tenant's URL.")
            .required("sub", Shape.string(), "The subject: the user's id.")
            .required("aud", Shape.string(), "The audience: the client id of the application.")
            .required("iat", Shape.integer(0), "When the token is issued, in seconds since 1970.")
            .required("exp", Shape.integer(0), "When the token expires, in seconds since 1970.")
            .required("scope", Shape.string(), "The granted scopes, separated by spaces.")
            .open();

    public static final Shape.ObjectShape ID_TOKEN_SHAPE = Shape.object()
            .required("iss", Shape.string(TextFormat.URI), "The issuer: the tenant's URL.")
            .required("sub", Shape.string(), "The subject: the user's id.")
            .required("aud", Shape.string(), "The audience: the client id of the application.")
            .required("iat", Shape.integer(0), "When the token is issued, in seconds since 1970.")
            .required("exp", Shape.integer(0), "When the token expires, in seconds since 1970.")
            .required("auth_time", Shape.integer(0), "When the user authenticated, in seconds since 1970.")
            .optional("email", Shape.string(TextFormat.EMAIL), "The user's email (scope email).")
            .optional("email_verified", Shape.bool(), "Whether the email is verified (scope email).")
            .optional("name", Shape.string(), "The user's full name (scope profile).")
            .optional("given_name", Shape.string(), "The user's given name (scope profile).")
            .optional("family_name", Shape.string(), "The user's family name (scope profile).")
            .optional("preferred_username", Shape.string(), "The user's username (scope profile).")
            .optional("picture", Shape.string(TextFormat.URI), "The URL of the user's picture (scope profile).")
            .optional("phone_number", Shape.string(TextFormat.E164_PHONE), "The user's phone number (scope phone).")
            .open();

    public SignInClaims {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(idToken, "idToken");
        accessToken = accessToken.deepCopy();
        idToken = idToken.deepCopy();
    }

    /**
     * The claims for tokens issued to {@code user} through {@code client} at {@code issuedAt}; the ID token carries
     * the profile claims that {@code scope} asks for and the user has.
     */
    public static SignInClaims issue(String issuer, StoredUser user, Client client, String scope, Instant issuedAt,
                                     Duration lifetime) {
        long iat = issuedAt.getEpochSecond();
        long exp = issuedAt.plus(lifetime).getEpochSecond();
        ObjectNode access = DataJson.NODES.objectNode()
                .put("iss", issuer).put("sub", user.id()).put("aud", client.clientId())
                .put("iat", iat).put("exp", exp).put("scope", scope);
        ObjectNode id = DataJson.NODES.objectNode()
                .put("iss", issuer).put("sub", user.id()).put("aud", client.clientId())
                .put("iat", iat).put("exp", exp).put("auth_time", iat);
        Set<String> scopes = Set.copyOf(Arrays.asList(scope.trim().split("\\s+")));
        UserProfile profile = user.profile();
        if (scopes.contains("email")) {
            id.put("email", profile.email()).put("email_verified", profile.emailVerified());
        }
        if (scopes.contains("profile")) {
            putPresent(id, "name", profile.name());
            putPresent(id, "given_name", profile.givenName());
            putPresent(id, "family_name", profile.familyName());
            putPresent(id, "preferred_username", profile.username());
            putPresent(id, "picture", profile.picture());
        }
        if (scopes.contains("phone")) {
            putPresent(id, "phone_number", profile.phoneNumber());
        }
        return new SignInClaims(access, id);
    }

    private static void putPresent(ObjectNode claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
