package io.hookbox.auth;

import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.RandomTokens;
import io.hookbox.audit.AuditTrail;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tenant's applications (OAuth clients): created with a secret shown once, authenticated by its hash. Thread-safe. */
public final class Applications {

    public static final int MAX_NAME_LENGTH = 100;

    /** What creating an application answers: the only time the secret is shown. */
    public record Created(String clientId, String clientSecret, String name, List<GrantType> grantTypes) {
    }

    private final Jdbi jdbi;
    private final AuditTrail audit;
    private final Clock clock;

    public Applications(Jdbi jdbi, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an application; {@code keyId}: the API key that asks, for the audit trail. */
    public Created create(String tenantId, String name, List<GrantType> grantTypes, String keyId) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH) {
            throw HookboxException.invalid("field 'name' is required, at most " + MAX_NAME_LENGTH + " characters");
        }
        if (grantTypes == null || grantTypes.isEmpty() || grantTypes.contains(null)) {
            throw HookboxException.invalid("field 'grantTypes' must list at least one of "
                    + Arrays.stream(GrantType.values()).map(GrantType::wireName).toList());
        }
        List<GrantType> grants = List.copyOf(new LinkedHashSet<>(grantTypes));
        String clientId = RandomTokens.token("app_", 12);
        String secret = RandomTokens.token("hbs_", 32);
        jdbi.useTransaction(handle -> {
            handle.attach(ApplicationDao.class).insert(tenantId, clientId, cleanName, wire(grants), RandomTokens.sha256(secret),
                    clock.instant());
            audit.record(handle, tenantId, keyId, "application.created", null, null,
                    "created the application '" + cleanName + "' (" + clientId + ")");
        });
        return new Created(clientId, secret, cleanName, grants);
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

    /** The application if the secret is its own; the comparison takes the same time whatever matches. */
    public Optional<Application> authenticate(String tenantId, String clientId, String secret) {
        Optional<ApplicationDao.Row> row = clientId == null ? Optional.empty()
                : jdbi.withExtension(ApplicationDao.class, dao -> dao.find(tenantId, clientId));
        byte[] expected = row.map(ApplicationDao.Row::secretHash).orElse("-").getBytes(StandardCharsets.US_ASCII);
        byte[] given = RandomTokens.sha256(secret == null ? "" : secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? row.map(Applications::application) : Optional.empty();
    }

    private static Application application(ApplicationDao.Row row) {
        List<GrantType> grants = Arrays.stream(row.grantTypes().split(" ")).map(GrantType::find).flatMap(Optional::stream).toList();
        return new Application(row.clientId(), row.name(), grants, row.createdAt());
    }

    private static String wire(List<GrantType> grants) {
        return String.join(" ", grants.stream().map(GrantType::wireName).toList());
    }

    private static HookboxException notFound(String clientId) {
        return new HookboxException(HookboxException.Kind.NOT_FOUND, "not_found",
                "no application with client id '" + clientId + "'", Map.of("clientId", String.valueOf(clientId)));
    }
}
