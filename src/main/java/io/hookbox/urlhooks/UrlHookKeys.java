package io.hookbox.urlhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.audit.AuditTrail;
import io.hookbox.egress.Addresses;
import io.hookbox.egress.EgressPolicy;
import io.hookbox.egress.HostRules;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookDao;
import io.hookbox.hooks.UrlHookStore;
import io.hookbox.secrets.Binding;
import io.hookbox.secrets.SealedRows;
import io.hookbox.secrets.SecretBox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * URL hooks' URLs and static headers checked, and their sealed parts kept (table {@code url_hook_keys}, each value
 * bound to tenant, hook and purpose): the headers, as one JSON object, and the signing secret. A rotation keeps the
 * previous secret signing beside the new one for {@link #ROTATION_GRACE}, so receivers can switch over. Secrets and
 * header values leave only to sign and send deliveries, and a new secret once, to whoever made it. Thread-safe.
 */
public final class UrlHookKeys implements UrlHookStore {

    public static final Duration ROTATION_GRACE = Duration.ofHours(24);
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_HEADERS = 20;
    public static final int MAX_HEADER_VALUE_BYTES = 4096;

    /** Where the sealed values are kept, for re-sealing under a new server key. */
    public static final SealedRows SEALED = new SealedRows("url_hook_keys", "sealed_value", List.of("tenant_id", "hook_id", "purpose"),
            key -> binding(key.get(0), key.get(1), key.get(2)));

    /** An RFC 9110 token. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers hookbox sets itself, or that belong to the connection rather than the message. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "user-agent", "proxy-authorization",
            "proxy-connection", "accept-encoding", "proxy-authenticate", "cookie");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADERS = "headers";
    private static final String SIGNING = "signing";
    private static final String PREVIOUS = "previous";

    /** A new signing secret, shown once; the previous one still signs until {@code previousSecretExpiresAt}. */
    public record RotatedSecret(String hookId, String signingSecret, Instant previousSecretExpiresAt) {
    }

    private final Jdbi jdbi;
    private final SecretBox box;
    private final AuditTrail audit;
    private final Clock clock;
    private final HostRules operatorHosts;

    /** {@code egress}: the policy deliveries are sent under, which says where plain http may go. */
    public UrlHookKeys(Jdbi jdbi, SecretBox box, AuditTrail audit, EgressPolicy egress, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
        this.operatorHosts = HostRules.parse(egress.allowHosts(), "egress.allowHosts");
    }

    /**
     * An absolute https URL without credentials; plain http only to a host the operator's {@code egress.allowHosts}
     * names (an internal service, a test receiver), since anything else would travel in clear. Where it resolves to is
     * checked on every call, by the egress guard.
     */
    @Override
    public String checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalidUrl("field 'url' is required for a URL hook: the https URL hookbox calls");
        }
        if (url.length() > MAX_URL_LENGTH || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw invalidUrl("'url' must be at most " + MAX_URL_LENGTH + " characters, without spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalidUrl("'url' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalidUrl("'url' must be an absolute https URL, like https://example.com/hooks, not '" + url + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw invalidUrl("'url' may not hold a user name or password; send credentials in 'headers'");
        }
        if (uri.getRawFragment() != null) {
            throw invalidUrl("'url' may not have a fragment (#...)");
        }
        if (scheme.equals("http") && !operatorAllowsPlainHttp(uri)) {
            throw invalidUrl("'url' must use https: plain http is allowed only to hosts in the server's egress.allowHosts");
        }
        return url;
    }

    private boolean operatorAllowsPlainHttp(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        String canonical = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        return operatorHosts.matches(canonical, Addresses.literal(canonical).orElse(null), port);
    }

    /** Header names as RFC 9110 tokens, none that hookbox or the connection owns, values without CR, LF or NUL. */
    @Override
    public Map<String, String> checkedHeaders(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        if (headers.size() > MAX_HEADERS) {
            throw invalidHeader(null, "a URL hook may have at most " + MAX_HEADERS + " headers, not " + headers.size());
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (!HEADER_NAME.matcher(name).matches()) {
                throw invalidHeader(name, "header name '" + clip(name) + "' is not a valid HTTP header name");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("webhook-")) {
                throw invalidHeader(name, "header '" + name + "' is set by hookbox or by the connection; it cannot be given");
            }
            if (checked.keySet().stream().anyMatch(lower::equalsIgnoreCase)) {
                throw invalidHeader(name, "header '" + name + "' is given twice");
            }
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw invalidHeader(name, "the value of header '" + name + "' must be a string without CR, LF or NUL");
            }
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_HEADER_VALUE_BYTES) {
                throw invalidHeader(name, "the value of header '" + name + "' may be at most " + MAX_HEADER_VALUE_BYTES + " bytes");
            }
            checked.put(name, value);
        }
        return checked;
    }

    @Override
    public String create(Handle handle, String tenantId, String hookId, Map<String, String> headers) {
        putHeaders(handle, tenantId, hookId, headers);
        String secret = WebhookSigner.newSecret();
        insert(handle, tenantId, hookId, SIGNING, secret, null);
        return secret;
    }

    @Override
    public void replaceHeaders(Handle handle, String tenantId, String hookId, Map<String, String> headers) {
        delete(handle, hookId, HEADERS);
        putHeaders(handle, tenantId, hookId, headers);
    }

    /**
     * Gives the URL hook a new signing secret, answered this once; the one it replaces keeps signing beside it for
     * {@link #ROTATION_GRACE} (a secret rotated out earlier stops at once). 404 for no URL hook of the tenant.
     */
    public RotatedSecret rotate(String tenantId, String hookId, String keyId) {
        String secret = WebhookSigner.newSecret();
        return jdbi.inTransaction(handle -> {
            HookDao hooks = handle.attach(HookDao.class);
            if (hooks.lockTenantForChange(tenantId) == 0) {
                throw notAUrlHook(hookId);
            }
            var hook = hooks.find(tenantId, hookId).filter(found -> found.isUrl()).orElseThrow(() -> notAUrlHook(hookId));
            Instant expires = now().plus(ROTATION_GRACE);
            Optional<String> current = sealed(handle, tenantId, hookId, SIGNING);
            delete(handle, hookId, PREVIOUS);
            delete(handle, hookId, SIGNING);
            current.ifPresent(previous -> insert(handle, tenantId, hookId, PREVIOUS, previous, expires));
            insert(handle, tenantId, hookId, SIGNING, secret, null);
            audit.record(handle, tenantId, keyId, "hook.signing_secret_rotated", hookId, null, "rotated the signing secret of the "
                    + hook.type() + " URL hook '" + hook.name() + "'; the previous one signs too until " + expires);
            return new RotatedSecret(hookId, secret, current.isPresent() ? expires : null);
        });
    }

    /** The secrets a delivery of the hook is signed with now: the current one, and the previous one during its grace. */
    public List<String> signingSecrets(String tenantId, String hookId) {
        Instant now = now();
        return jdbi.withHandle(handle -> {
            List<String> secrets = new ArrayList<>();
            sealed(handle, tenantId, hookId, SIGNING).ifPresent(secrets::add);
            handle.createQuery("SELECT sealed_value FROM url_hook_keys WHERE tenant_id = :tenantId AND hook_id = :hookId"
                            + " AND purpose = :purpose AND expires_at > :now")
                    .bind("tenantId", tenantId).bind("hookId", hookId).bind("purpose", PREVIOUS).bind("now", now)
                    .mapTo(String.class).findOne().map(value -> box.open(value, binding(tenantId, hookId, PREVIOUS)))
                    .ifPresent(secrets::add);
            return secrets;
        });
    }

    /** The hook's static headers, in clear, in the order given. */
    public Map<String, String> headers(String tenantId, String hookId) {
        return jdbi.withHandle(handle -> sealed(handle, tenantId, hookId, HEADERS)).map(UrlHookKeys::parseHeaders).orElse(Map.of());
    }

    /** Disables the hook, saying why on it (its stoppedReason), as its receiver asked. */
    public void disable(String tenantId, String hookId, String reason) {
        // under the tenant's lock, as every change to what its flows run: the change shows at the next sign-in on any node
        jdbi.useTransaction(handle -> {
            HookDao dao = handle.attach(HookDao.class);
            if (dao.lockTenantForChange(tenantId) > 0) {
                dao.disable(tenantId, hookId, now(), reason);
            }
        });
    }

    private void putHeaders(Handle handle, String tenantId, String hookId, Map<String, String> headers) {
        if (!headers.isEmpty()) {
            try {
                insert(handle, tenantId, hookId, HEADERS, JSON.writeValueAsString(headers), null);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void insert(Handle handle, String tenantId, String hookId, String purpose, String value, Instant expiresAt) {
        handle.createUpdate("INSERT INTO url_hook_keys (tenant_id, hook_id, purpose, sealed_value, created_at, expires_at)"
                        + " VALUES (:tenantId, :hookId, :purpose, :sealed, :now, :expiresAt)")
                .bind("tenantId", tenantId).bind("hookId", hookId).bind("purpose", purpose)
                .bind("sealed", box.seal(value, binding(tenantId, hookId, purpose))).bind("now", now())
                .bind("expiresAt", expiresAt).execute();
    }

    private static void delete(Handle handle, String hookId, String purpose) {
        handle.createUpdate("DELETE FROM url_hook_keys WHERE hook_id = :hookId AND purpose = :purpose")
                .bind("hookId", hookId).bind("purpose", purpose).execute();
    }

    private Optional<String> sealed(Handle handle, String tenantId, String hookId, String purpose) {
        return handle.createQuery("SELECT sealed_value FROM url_hook_keys WHERE tenant_id = :tenantId AND hook_id = :hookId"
                        + " AND purpose = :purpose")
                .bind("tenantId", tenantId).bind("hookId", hookId).bind("purpose", purpose)
                .mapTo(String.class).findOne().map(value -> box.open(value, binding(tenantId, hookId, purpose)));
    }

    private static Map<String, String> parseHeaders(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HookboxException invalidUrl(String message) {
        return new HookboxException(HookboxException.Kind.INVALID, "invalid_url", message, Map.of("field", "url"));
    }

    private static HookboxException invalidHeader(String name, String message) {
        return new HookboxException(HookboxException.Kind.INVALID, "invalid_header", message,
                name == null ? Map.of("field", "headers") : Map.of("field", "headers", "header", clip(name)));
    }

    private static HookboxException notAUrlHook(String hookId) {
        return HookboxException.notFound("no URL hook with id '" + hookId + "'");
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Binding binding(String tenantId, String hookId, String purpose) {
        return Binding.of("url-hook-" + purpose, tenantId, hookId);
    }
}
