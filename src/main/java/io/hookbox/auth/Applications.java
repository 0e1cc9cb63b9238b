package io.hookbox.auth;

import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.RandomTokens;
import io.hookbox.audit.AuditTrail;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's applications (OAuth clients): confidential ones are created with a secret shown once and authenticated
 * by its hash; public ones have no secret. Thread-safe.
 */
public final class Applications {

    public static final int MAX_NAME_LENGTH = 100;
    /** Stored as a public application's secret hash: no secret hashes to it. */
    private static final String NO_SECRET = "";

    /** What creating an application answers: the only time the secret is shown. */
    public record Created(String clientId, String clientSecret, String name, List<GrantType> grantTypes, ClientType type,
                          List<String> scopes) {
    }

    /** A change to an application; a null field stays as it is. */
    public record Changes(String name, List<GrantType> grantTypes, List<String> scopes, ClientType type) {
    }

    private final Jdbi jdbi;
    private final AuditTrail audit;
    private final Clock clock;

    public Applications(Jdbi jdbi, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new application; {@code type} defaults to confidential, {@code scopes} (API scopes) to none. {@code keyId}: the
     * API key that asks, for the audit trail.
     */
    public Created create(String tenantId, String name, List<GrantType> grantTypes, ClientType type, List<String> scopes,
                          String keyId) {
        String cleanName = validName(name);
        ClientType clientType = type == null ? ClientType.CONFIDENTIAL : type;
        List<GrantType> grants = validGrants(grantTypes, clientType);
        List<String> allowedScopes = validScopes(scopes);
        String clientId = RandomTokens.token("app_", 12);
        String secret = clientType == ClientType.CONFIDENTIAL ? RandomTokens.token("hbs_", 32) : null;
        jdbi.useTransaction(handle -> {
            handle.attach(ApplicationDao.class).insert(tenantId, clientId, cleanName, wire(grants),
                    secret == null ? NO_SECRET : RandomTokens.sha256(secret), clock.instant(), clientType.wireName(),
                    String.join(" ", allowedScopes));
            audit.record(handle, tenantId, keyId, "application.created", null, null,
                    "created the application '" + cleanName + "' (" + clientId + ")");
        });
        return new Created(clientId, secret, cleanName, grants, clientType, allowedScopes);
    }

    /**
     * Changes the fields given (null: unchanged) under the rules of creation. The type is fixed at creation: a public
     * application has no secret to start using, a confidential one's secret would stay valid.
     */
    public Application update(String tenantId, String clientId, Changes changes, String keyId) {
        return jdbi.inTransaction(handle -> {
            ApplicationDao dao = handle.attach(ApplicationDao.class);
            Application current = dao.findForUpdate(tenantId, clientId).map(Applications::application)
                    .orElseThrow(() -> notFound(clientId));
            if (changes.type() != null && changes.type() != current.type()) {
                throw HookboxException.invalid("the type of an application is fixed when it is created; this one is "
                        + current.type().wireName() + ": create a new application of type " + changes.type().wireName()
                        + " instead", Map.of("field", "type"));
            }
            Application changed = new Application(clientId,
                    changes.name() == null ? current.name() : validName(changes.name()),
                    changes.grantTypes() == null ? current.grantTypes() : validGrants(changes.grantTypes(), current.type()),
                    current.createdAt(), current.type(),
                    changes.scopes() == null ? current.scopes() : validScopes(changes.scopes()));
            List<String> fields = changedFields(current, changed);
            if (fields.isEmpty()) {
                return current;
            }
            dao.update(tenantId, clientId, changed.name(), wire(changed.grantTypes()), String.join(" ", changed.scopes()));
            audit.record(handle, tenantId, keyId, "application.changed", null, null,
                    "changed " + String.join(", ", fields) + " of the application '" + changed.name() + "' (" + clientId + ")");
            return changed;
        });
    }

    public Optional<Application> find(String tenantId, String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return jdbi.withExtension(ApplicationDao.class, dao -> dao.find(tenantId, clientId)).map(Applications::application);
    }

    public Application get(String tenantId, String clientId) {
        return find(tenantId, clientId).orElseThrow(() -> notFound(clientId));
    }

    public List<Application> list(String tenantId) {
        return jdbi.withExtension(ApplicationDao.class, dao -> dao.list(tenantId)).stream().map(Applications::application).toList();
    }

    public void delete(String tenantId, String clientId, String keyId) {
        jdbi.useTransaction(handle -> {
            if (handle.attach(ApplicationDao.class).delete(tenantId, clientId) == 0) {
                throw notFound(clientId);
            }
            audit.record(handle, tenantId, keyId, "application.deleted", null, null, "deleted the application " + clientId);
        });
    }

    /**
     * The application if {@code secret} is its own (the comparison takes the same time whatever matches), or if it
     * is public and no secret is given.
     */
    public Optional<Application> authenticate(String tenantId, String clientId, String secret) {
        Optional<ApplicationDao.Row> row = clientId == null ? Optional.empty()
                : jdbi.withExtension(ApplicationDao.class, dao -> dao.find(tenantId, clientId));
        if (row.isPresent() && row.get().secretHash().equals(NO_SECRET)) {
            return secret == null ? row.map(Applications::application) : Optional.empty();
        }
        byte[] expected = row.map(ApplicationDao.Row::secretHash).orElse("-").getBytes(StandardCharsets.US_ASCII);
        byte[] given = RandomTokens.sha256(secret == null ? "" : secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? row.map(Applications::application) : Optional.empty();
    }

    private static Application application(ApplicationDao.Row row) {
        List<GrantType> grants = Arrays.stream(row.grantTypes().split(" ")).map(GrantType::find).flatMap(Optional::stream).toList();
        List<String> scopes = row.scopes().isEmpty() ? List.of() : List.of(row.scopes().split(" "));
        return new Application(row.clientId(), row.name(), grants, row.createdAt(),
                ClientType.find(row.clientType()).orElse(ClientType.CONFIDENTIAL), scopes);
    }

    private static String validName(String name) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH) {
            throw HookboxException.invalid("field 'name' is required, at most " + MAX_NAME_LENGTH + " characters", Map.of("field", "name"));
        }
        return cleanName;
    }

    private static List<GrantType> validGrants(List<GrantType> grantTypes, ClientType type) {
        if (grantTypes == null || grantTypes.isEmpty() || grantTypes.contains(null)) {
            throw HookboxException.invalid("field 'grantTypes' must list at least one of "
                    + Arrays.stream(GrantType.values()).map(GrantType::wireName).toList(), Map.of("field", "grantTypes"));
        }
        if (type == ClientType.PUBLIC && grantTypes.contains(GrantType.CLIENT_CREDENTIALS)) {
            throw HookboxException.invalid("a public application has no secret, so it may not use the client_credentials grant",
                    Map.of("field", "grantTypes"));
        }
        return List.copyOf(new LinkedHashSet<>(grantTypes));
    }

    private static List<String> changedFields(Application before, Application after) {
        List<String> fields = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            fields.add("name");
        }
        if (!before.grantTypes().equals(after.grantTypes())) {
            fields.add("grantTypes");
        }
        if (!before.scopes().equals(after.scopes())) {
            fields.add("scopes");
        }
        return fields;
    }

    private static List<String> validScopes(List<String> scopes) {
        if (scopes == null) {
            return List.of();
        }
        if (scopes.size() > Scopes.MAX_SCOPES || !scopes.stream().allMatch(scope -> scope != null && Scopes.isToken(scope))) {
            throw HookboxException.invalid("field 'scopes' must list at most " + Scopes.MAX_SCOPES + " scope tokens of 1 to "
                    + Scopes.MAX_TOKEN_LENGTH + " printable ASCII characters without spaces, quotes or backslashes (RFC 6749 section 3.3)",
                    Map.of("field", "scopes"));
        }
        return List.copyOf(new LinkedHashSet<>(scopes));
    }

    private static String wire(List<GrantType> grants) {
        return String.join(" ", grants.stream().map(GrantType::wireName).toList());
    }

    private static HookboxException notFound(String clientId) {
        return new HookboxException(HookboxException.Kind.NOT_FOUND, "not_found",
                "no application with client id '" + clientId + "'", Map.of("clientId", String.valueOf(clientId)));
    }
}
