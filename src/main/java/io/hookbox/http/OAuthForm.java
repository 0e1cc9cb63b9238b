package io.hookbox.http;

import io.hookbox.errors.HookboxException;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A token request as RFC 6749 sends it: form fields, the client's credentials in HTTP Basic or in the form. */
record OAuthForm(String grantType, String clientId, String clientSecret, boolean basicAuth, Map<String, List<String>> params) {

    private static final String FORM = "application/x-www-form-urlencoded";

    static OAuthForm read(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().startsWith(FORM)) {
            throw oauth(HookboxException.Kind.INVALID, "invalid_request", "the token endpoint takes " + FORM + " bodies");
        }
        Map<String, List<String>> params = ctx.formParamMap();
        params.forEach((name, values) -> {
            if (values.size() > 1) {
                throw oauth(HookboxException.Kind.INVALID, "invalid_request", "parameter '" + name + "' is repeated");
            }
        });
        String grantType = first(params, "grant_type");
        if (grantType == null) {
            throw oauth(HookboxException.Kind.INVALID, "invalid_request", "grant_type is required");
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = basicCredentials(header.substring(6).trim());
            String formClientId = first(params, "client_id");
            if (first(params, "client_secret") != null || formClientId != null && !formClientId.equals(pair[0])) {
                throw oauth(HookboxException.Kind.INVALID, "invalid_request",
                        "the client authenticates with HTTP Basic or with form fields, not both (RFC 6749 section 2.3)");
            }
            return new OAuthForm(grantType, pair[0], pair[1], true, params);
        }
        return new OAuthForm(grantType, first(params, "client_id"), first(params, "client_secret"), false, params);
    }

    String param(String name) {
        return first(params, name);
    }

    static HookboxException invalidClient(Context ctx, OAuthForm form) {
        if (form.basicAuth()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"hookbox\"");
        }
        return oauth(HookboxException.Kind.UNAUTHORIZED, "invalid_client", "client authentication failed");
    }

    static HookboxException unsupportedGrant(String grantType) {
        return oauth(HookboxException.Kind.INVALID, "unsupported_grant_type", "grant_type '" + grantType + "' is not supported");
    }

    /** Answers a failure in RFC 6749's shape; the login's own codes become the OAuth ones. */
    static void answerError(Context ctx, HookboxException e) {
        String code = switch (e.code()) {
            case "invalid_credentials" -> "invalid_grant";
            case "runtime_unavailable" -> "temporarily_unavailable";
            default -> e.code();
        };
        int status = code.equals("invalid_grant") ? 400 : ErrorHandling.status(e.kind());
        if (e.details().get("retryAfterSeconds") instanceof Long seconds) {
            ctx.header("Retry-After", String.valueOf(seconds));
        }
        ctx.header("Cache-Control", "no-store").status(status).json(Map.of("error", code, "error_description", e.getMessage()));
    }

    private static String[] basicCredentials(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException();
            }
            return new String[]{urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1))};
        } catch (IllegalArgumentException e) {
            throw oauth(HookboxException.Kind.UNAUTHORIZED, "invalid_client", "the Basic credentials are malformed");
        }
    }

    /** RFC 6749 section 2.3.1: client id and secret are form-encoded before Basic encoding. */
    private static String urlDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    private static HookboxException oauth(HookboxException.Kind kind, String code, String message) {
        return new HookboxException(kind, code, message, new LinkedHashMap<>());
    }
}
