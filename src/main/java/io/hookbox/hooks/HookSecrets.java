package io.hookbox.hooks;

import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.Binding;
import io.hookbox.secrets.SealedRows;
import io.hookbox.secrets.SecretBox;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Each hook's secrets (API tokens its code needs), sealed by the {@link SecretBox} and bound to tenant, hook and name.
 * The API lists names only; the values leave only through {@link #valuesOf}, for the runs of the hook. Changes are
 * audited by name, never by value. Deleting a hook deletes its secrets. Thread-safe.
 */
public final class HookSecrets {

    /** Auth0's limits: a name as a JavaScript identifier of at most 128 characters, 4 KiB a value, 30 a hook. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    public static final int MAX_VALUE_BYTES = 4096;
    public static final int MAX_PER_HOOK = 30;

    /** Where the sealed values are kept, for re-sealing under a new server key. */
    public static final SealedRows SEALED = new SealedRows("hook_secrets", "sealed_value", List.of("tenant_id", "hook_id", "name"),
            key -> binding(key.get(0), key.get(1), key.get(2)));

    private final Jdbi jdbi;
    private final SecretBox box;
    private final AuditTrail audit;
    private final Clock clock;

    public HookSecrets(Jdbi jdbi, SecretBox box, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /** The hook's secrets by name, without their values. */
    public List<HookSecret> list(String tenantId, String hookId) {
        return jdbi.withExtension(HookSecretDao.class, dao -> {
            requireHook(dao, tenantId, hookId);
            return dao.list(tenantId, hookId);
        });
    }

    /**
     * The hook's secrets as the runs of the hook get them: name to value, in clear, unmodifiable. Empty for a hook
     * without secrets or not of this tenant. Fails (IllegalStateException) when a stored value does not open.
     */
    public Map<String, String> valuesOf(String tenantId, String hookId) {
        Map<String, String> values = new LinkedHashMap<>();
        jdbi.withExtension(HookSecretDao.class, dao -> dao.sealed(tenantId, hookId))
                .forEach(sealed -> values.put(sealed.name(), box.open(sealed.sealedValue(), binding(tenantId, hookId, sealed.name()))));
        return Collections.unmodifiableMap(values);
    }

    /** Sets the secret {@code name} of the hook to {@code value}, replacing it if it exists; {@code keyId}: who. */
    public HookSecret put(String tenantId, String hookId, String name, String value, String keyId) {
        requireName(name);
        requireValue(value);
        String sealed = box.seal(value, binding(tenantId, hookId, name));
        return inHookTransaction(tenantId, hookId, (dao, owner) -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            boolean replaced = dao.update(tenantId, hookId, name, sealed, now) == 1;
            if (!replaced) {
                if (dao.countOthers(tenantId, hookId, name) >= MAX_PER_HOOK) {
                    throw tooManySecrets("; delete one before adding '" + name + "'");
                }
                dao.insert(tenantId, hookId, name, sealed, now);
            }
            audit.record(dao.getHandle(), tenantId, keyId, "hook.secret_set", hookId, null, (replaced ? "replaced" : "added")
                    + " the secret " + name + " of the " + owner.type() + " hook '" + owner.name() + "'");
            return new HookSecret(name, now);
        });
    }

    public void delete(String tenantId, String hookId, String name, String keyId) {
        inHookTransaction(tenantId, hookId, (dao, owner) -> {
            if (dao.delete(tenantId, hookId, name) == 0) {
                throw new HookboxException(HookboxException.Kind.NOT_FOUND, "secret_not_found",
                        "the hook has no secret named '" + name + "'", Map.of("name", name));
            }
            audit.record(dao.getHandle(), tenantId, keyId, "hook.secret_deleted", hookId, null,
                    "deleted the secret " + name + " of the " + owner.type() + " hook '" + owner.name() + "'");
            return null;
        });
    }

    /**
     * Runs a change under the tenant's write lock, as {@link HookService} does: changes to one hook's secrets apply one
     * after another, and the locks are taken in one order (tenant, then rows), so no change of the hook deadlocks it.
     */
    private <T> T inHookTransaction(String tenantId, String hookId, BiFunction<HookSecretDao, HookSecretDao.Owner, T> work) {
        return jdbi.inTransaction(handle -> {
            if (handle.attach(HookDao.class).lockTenantForChange(tenantId) == 0) {
                throw noSuchHook(hookId);
            }
            HookSecretDao dao = handle.attach(HookSecretDao.class);
            return work.apply(dao, requireHook(dao, tenantId, hookId));
        });
    }

    private static HookSecretDao.Owner requireHook(HookSecretDao dao, String tenantId, String hookId) {
        return dao.findHook(tenantId, hookId).orElseThrow(() -> noSuchHook(hookId));
    }

    private static HookboxException noSuchHook(String hookId) {
        return HookboxException.notFound("no hook with id '" + hookId + "'");
    }

    /**
     * Checks secrets given with unsaved code for a test run as stored ones are checked (names, sizes, how many);
     * they are used for that run only and never stored. Null is none.
     */
    public static Map<String, String> checkedTestValues(Map<String, String> secrets) {
        if (secrets == null) {
            return Map.of();
        }
        if (secrets.size() > MAX_PER_HOOK) {
            throw tooManySecrets(", not " + secrets.size());
        }
        secrets.forEach((name, value) -> {
            requireName(name);
            requireValue(value);
        });
        return secrets;
    }

    private static HookboxException tooManySecrets(String detail) {
        return new HookboxException(HookboxException.Kind.INVALID, "too_many_secrets",
                "a hook may have at most " + MAX_PER_HOOK + " secrets" + detail, Map.of("max", MAX_PER_HOOK));
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_secret_name", "a secret's name must be a letter or"
                    + " _ followed by at most 127 letters, digits or _ (like CRM_TOKEN), not '" + name + "'",
                    Map.of("field", "name"));
        }
    }

    private static void requireValue(String value) {
        if (value == null) {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_secret_value",
                    "field 'value' is required: the secret's value, a string", Map.of("field", "value"));
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_secret_value", "a secret's value may be at most "
                    + MAX_VALUE_BYTES + " bytes (UTF-8), not " + bytes, Map.of("field", "value", "maxBytes", MAX_VALUE_BYTES));
        }
    }

    private static Binding binding(String tenantId, String hookId, String name) {
        return Binding.of("hook-secret", tenantId, hookId, name);
    }
}
