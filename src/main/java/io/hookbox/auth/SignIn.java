package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.secrets.RandomTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.errors.HookboxException.Kind;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.MachineToken;
import io.hookbox.hooks.data.RequestInfo;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in with a password, and the client-credentials grant. For a user who exists the pre-login hooks run before
 * the password check decides; after a successful check the post-login hooks see the claims about to be signed and
 * may add to them. An unknown user and a wrong password get the same answer and cost the same password check.
 * Thread-safe.
 */
public final class SignIn {

    /** A password sign-in as the login route and the password grant receive it. */
    public record Credentials(String clientId, String username, String password, String scope) {
    }

    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    public static final String DEFAULT_SCOPE = "openid profile email";
    private static final Set<String> SUPPORTED_SCOPES = Set.of("openid", "profile", "email", "phone");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Applications applications;
    private final Users users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final FlowHooks hooks;
    private final TokenSigner signer;
    private final int maxCustomClaimsBytes;
    private final Clock clock;

    public SignIn(Applications applications, Users users, PasswordHasher hasher, LoginThrottle throttle, FlowHooks hooks,
                  TokenSigner signer, int maxCustomClaimsBytes, Clock clock) {
        this.applications = applications;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.hooks = hooks;
        this.signer = signer;
        this.maxCustomClaimsBytes = maxCustomClaimsBytes;
        this.clock = clock;
    }

    /**
     * Signs a user in through the application with {@code credentials}' client id (the first-party login route): a
     * confidential application must give its secret, a public one none.
     */
    public TokenResponse login(String tenantId, String issuer, String clientSecret, Credentials credentials, RequestInfo request) {
        Application application = applications.authenticate(tenantId, credentials.clientId(), clientSecret)
                .orElseThrow(() -> AuthErrors.invalidClient(credentials.clientId()));
        return passwordGrant(tenantId, issuer, application, credentials, request);
    }

    /** Signs a user in through an application that has already authenticated itself. */
    public TokenResponse passwordGrant(String tenantId, String issuer, Application application, Credentials credentials,
                                       RequestInfo request) {
        if (!application.allows(GrantType.PASSWORD)) {
            throw AuthErrors.unauthorizedClient(GrantType.PASSWORD);
        }
        if (credentials.username() == null || credentials.password() == null) {
            throw AuthErrors.invalid("invalid_request", "username and password are required");
        }
        if (credentials.username().length() > Identifiers.MAX_LENGTH) {
            throw AuthErrors.invalid("invalid_request", "username must be at most " + Identifiers.MAX_LENGTH + " characters");
        }
        String scope = scope(credentials.scope());
        Optional<UserAccount> found = users.findByLogin(tenantId, credentials.username());
        String throttleKey = found.map(UserAccount::id).orElseGet(() -> "login:" + Identifiers.key(credentials.username()));
        throttle.admitSignIn(tenantId, throttleKey, request.ip()).ifPresent(wait -> {
            throw AuthErrors.tooManyAttempts(wait);
        });
        if (found.isEmpty()) {
            hasher.matchesNobody(credentials.password());
            throw AuthErrors.invalidCredentials();
        }
        UserAccount account = found.get();
        boolean verified = hasher.matches(credentials.password(), account.passwordHash());
        if (account.user().blocked()) {
            throw verified ? AuthErrors.userBlocked() : AuthErrors.invalidCredentials();
        }
        Client client = new Client(application.clientId(), application.name());
        String flowId = RandomTokens.token("flw_", 12);

        FlowHooks.Verdict preLogin = hooks.run(tenantId, flowId, HookTypes.PRE_LOGIN,
                HookData.preLogin(account.user(), client, request, verified, HookData.DATABASE_CONNECTION));
        if (!verified) {
            throw AuthErrors.invalidCredentials();
        }
        preLogin.proceed();
        throttle.succeeded(tenantId, throttleKey, request.ip());

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredUser user = account.user();
        StoredUser signingIn = new StoredUser(user.id(), user.profile(), user.createdAt(), user.updatedAt(), now, user.loginsCount() + 1,
                user.blocked());
        SignInClaims claims = SignInClaims.issue(issuer, signingIn, client, scope, now, TOKEN_LIFETIME);
        FlowHooks.Verdict postLogin = hooks.run(tenantId, flowId, HookTypes.POST_LOGIN,
                HookData.postLogin(signingIn, client, request, claims));
        UserProfile before = user.profile();
        if (postLogin.keptOnDenial() != null) {
            users.saveMetadataOfDeniedLogin(tenantId, user.id(), new Users.Metadata(before.userMetadata(), before.appMetadata()),
                    new Users.Metadata(metadata(postLogin.keptOnDenial(), "user_metadata", before.userMetadata()),
                            metadata(postLogin.keptOnDenial(), "app_metadata", before.appMetadata())));
        }
        ObjectNode taken = postLogin.proceed();
        customClaimsTooLarge(claims, taken).ifPresent(problem -> {
            throw new HookboxException(Kind.FORBIDDEN, "invalid_hook_result", problem, null);
        });
        users.recordLogin(tenantId, user.id(), now, new Users.Metadata(before.userMetadata(), before.appMetadata()),
                new Users.Metadata(metadata(taken, "user_metadata", before.userMetadata()),
                        metadata(taken, "app_metadata", before.appMetadata())));
        TokenSigner.KeyInHand key = signer.forTenant(tenantId);
        return new TokenResponse(
                key.sign(claimSet(object(taken.path("context"), "accessToken")), TokenSigner.ACCESS_TOKEN),
                key.sign(claimSet(object(taken.path("context"), "idToken")), TokenSigner.ID_TOKEN),
                "Bearer", TOKEN_LIFETIME.toSeconds(), scope);
    }

    /**
     * An access token for the application itself (machine to machine), after the credentials-exchange hooks, which
     * may add custom claims to it or deny it. It carries the requested scopes the application is allowed, or all of
     * them when none is requested; none allowed is {@code invalid_scope}.
     */
    public TokenResponse clientCredentials(String tenantId, String issuer, Application application, String requestedScope,
                                           RequestInfo request) {
        if (!application.allows(GrantType.CLIENT_CREDENTIALS)) {
            throw AuthErrors.unauthorizedClient(GrantType.CLIENT_CREDENTIALS);
        }
        Set<String> requested = Scopes.parse(requestedScope);
        List<String> granted = requested.isEmpty() ? application.scopes()
                : application.scopes().stream().filter(requested::contains).toList();
        if (!requested.isEmpty() && granted.isEmpty()) {
            throw AuthErrors.invalidScope("none of the requested scopes is allowed to this application");
        }
        String scope = String.join(" ", granted);
        ObjectNode claims = MachineToken.claims(issuer, application.clientId(), issuer, scope, clock.instant(), TOKEN_LIFETIME,
                RandomTokens.token("", 16));
        Client client = new Client(application.clientId(), application.name());
        ObjectNode taken = hooks.run(tenantId, RandomTokens.token("flw_", 12), HookTypes.CREDENTIALS_EXCHANGE,
                HookData.credentialsExchange(client, request, scope.isEmpty() ? null : scope, issuer, claims)).proceed();
        return new TokenResponse(signer.sign(tenantId, toMap(object(taken.path("context"), "accessToken")), TokenSigner.ACCESS_TOKEN),
                null, "Bearer", TOKEN_LIFETIME.toSeconds(), scope.isEmpty() ? null : scope);
    }

    /** The OpenID scopes granted at a sign-in: the supported ones requested, always with {@code openid}. */
    private static String scope(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_SCOPE;
        }
        Set<String> scopes = new LinkedHashSet<>(Scopes.parse(requested));
        scopes.retainAll(SUPPORTED_SCOPES);
        scopes.add("openid");
        return String.join(" ", scopes);
    }

    /** Why the custom claims the post-login hooks added to a token are too large, or empty. */
    private Optional<String> customClaimsTooLarge(SignInClaims issued, JsonNode result) {
        for (String token : List.of("accessToken", "idToken")) {
            ObjectNode standard = token.equals("accessToken") ? issued.accessToken() : issued.idToken();
            ObjectNode custom = object(result.path("context"), token).deepCopy();
            custom.remove(List.copyOf(standard.properties().stream().map(Map.Entry::getKey).toList()));
            int bytes = custom.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > maxCustomClaimsBytes) {
                return Optional.of("the custom claims the post-login hooks added to the " + token + " take " + bytes
                        + " bytes; at most " + maxCustomClaimsBytes + " are allowed per token");
            }
        }
        return Optional.empty();
    }

    private static ObjectNode metadata(JsonNode data, String field, ObjectNode unchanged) {
        return data.path("user").get(field) instanceof ObjectNode object ? object : unchanged;
    }

    private static ObjectNode object(JsonNode parent, String field) {
        return parent.get(field) instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    private static Map<String, Object> claimSet(ObjectNode claims) {
        ObjectNode withId = claims.deepCopy();
        withId.put("jti", RandomTokens.token("", 16));
        return toMap(withId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(ObjectNode claims) {
        return JSON.convertValue(claims, Map.class);
    }
}
