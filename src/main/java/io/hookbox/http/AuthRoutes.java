package io.hookbox.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.auth.Application;
import io.hookbox.auth.Applications;
import io.hookbox.auth.SignIn;
import io.hookbox.auth.SignUp;
import io.hookbox.auth.SigningKeys;
import io.hookbox.errors.HookboxException;
import io.hookbox.tenants.TenantService;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * A tenant's public auth endpoints under {@code /t/{tenant}}: sign-up, login, the OAuth token endpoint, OIDC
 * discovery and the JWKS. They need no API key: applications and users call them.
 */
final class AuthRoutes {

    record SignUpBody(@JsonProperty("client_id") String clientId, String email, String password, String username, String name,
                      @JsonProperty("user_metadata") JsonNode userMetadata) {
    }

    record LoginBody(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret,
                     String username, String password, String scope) {
    }

    private final TenantService tenants;
    private final SignUp signUp;
    private final SignIn signIn;
    private final Applications applications;
    private final SigningKeys keys;
    private final Exposure exposure;

    AuthRoutes(TenantService tenants, SignUp signUp, SignIn signIn, Applications applications, SigningKeys keys, Exposure exposure) {
        this.tenants = tenants;
        this.signUp = signUp;
        this.signIn = signIn;
        this.applications = applications;
        this.keys = keys;
        this.exposure = exposure;
    }

    void signUp(Context ctx) {
        String tenantId = tenant(ctx);
        SignUpBody body = JsonBodies.read(ctx, SignUpBody.class);
        var user = signUp.signUp(tenantId, new SignUp.Request(body.clientId(), body.email(), body.password(),
                body.username(), body.name(), body.userMetadata()), RequestInfos.of(ctx, ApiJson.MAPPER.valueToTree(body)));
        ctx.status(201).json(user.toJson());
    }

    void login(Context ctx) {
        String tenantId = tenant(ctx);
        LoginBody body = JsonBodies.read(ctx, LoginBody.class);
        noStore(ctx).json(signIn.login(tenantId, issuer(ctx, tenantId), body.clientSecret(),
                new SignIn.Credentials(body.clientId(), body.username(), body.password(), body.scope()),
                RequestInfos.of(ctx, ApiJson.MAPPER.valueToTree(body))));
    }

    /** RFC 6749 section 3.2: form-encoded, errors as {@code {"error", "error_description"}}. */
    void token(Context ctx) {
        try {
            String tenantId = tenant(ctx);
            OAuthForm form = OAuthForm.read(ctx);
            Application application = applications.authenticate(tenantId, form.clientId(), form.clientSecret())
                    .orElseThrow(() -> OAuthForm.invalidClient(ctx, form));
            String issuer = issuer(ctx, tenantId);
            var response = switch (form.grantType()) {
                case "password" -> signIn.passwordGrant(tenantId, issuer, application,
                        new SignIn.Credentials(application.clientId(), form.param("username"), form.param("password"), form.param("scope")),
                        RequestInfos.ofForm(ctx, form.params()));
                case "client_credentials" -> signIn.clientCredentials(tenantId, issuer, application, form.param("scope"),
                        RequestInfos.ofForm(ctx, form.params()));
                default -> throw OAuthForm.unsupportedGrant(form.grantType());
            };
            noStore(ctx).json(response);
        } catch (HookboxException e) {
            OAuthForm.answerError(ctx, e);
        }
    }

    void discovery(Context ctx) {
        String tenantId = tenant(ctx);
        String issuer = issuer(ctx, tenantId);
        ctx.json(Map.of(
                "issuer", issuer,
                "token_endpoint", issuer + "/oauth/token",
                "jwks_uri", issuer + "/.well-known/jwks.json",
                "grant_types_supported", List.of("password", "client_credentials"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"),
                "response_types_supported", List.of("token"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "scopes_supported", List.of("openid", "profile", "email", "phone"),
                "claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "name",
                        "given_name", "family_name", "preferred_username", "picture", "phone_number")));
    }

    void jwks(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300").json(keys.publicKeySet(tenant(ctx)));
    }

    private String tenant(Context ctx) {
        String tenantId = ctx.pathParam("tenant");
        if (!tenants.exists(tenantId)) {
            throw HookboxException.notFound("no tenant '" + tenantId + "'");
        }
        return tenantId;
    }

    /** With a public URL, the auth endpoints answer only requests addressed to its host (421 otherwise). */
    void requirePublicHost(Context ctx) {
        exposure.publicAuthority().ifPresent(authority -> {
            String host = ctx.header("Host");
            if (host == null || !host.equalsIgnoreCase(authority)) {
                throw new HookboxException(HookboxException.Kind.MISDIRECTED, "misdirected_request",
                        "this server answers for " + authority + " only (HOOKBOX_PUBLIC_URL)", null);
            }
        });
    }

    /** The tenant's issuer URL: under HOOKBOX_PUBLIC_URL if set, else (development mode) the address the client used. */
    private String issuer(Context ctx, String tenantId) {
        String base = exposure.publicUrl().orElseGet(() -> ctx.scheme() + "://" + ctx.host());
        return base + "/t/" + tenantId;
    }

    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
