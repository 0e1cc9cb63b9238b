package io.hookbox.tenants;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.RandomTokens;
import io.hookbox.store.ChangeFeed;
import io.hookbox.store.Constraints;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tenants and their management API keys. A key is {@code hbk_} and 32 random bytes, shown once and stored only
 * as its SHA-256 (a key is random enough that a slow hash adds nothing). Valid keys are remembered for a short while,
 * so a request does not query the database to authenticate; revoking a key or deleting a tenant, on any node sharing
 * the database, forgets them through the {@link ChangeFeed} (at once here, within a second elsewhere). Thread-safe.
 */
public final class TenantService {

    public static final String DEFAULT_TENANT = "default";
    public static final int MAX_NAME_LENGTH = 200;
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final String KEY_PREFIX = "hbk_";

    private static final Duration KEY_CACHE_TIME = Duration.ofSeconds(30);
    private static final int KEY_CACHE_SIZE = 10_000;

    private final Jdbi jdbi;
    private final ChangeFeed changes;
    private final AuditTrail audit;
    private final Clock clock;
    private final Cache<String, KeyOwner> ownerOfKeyHash = Caffeine.newBuilder()
            .maximumSize(KEY_CACHE_SIZE)
            .expireAfterWrite(KEY_CACHE_TIME)
            .build();
    private long keyGeneration;

    /**
     * {@code changes}: how the other nodes learn of revoked keys and deleted tenants; {@code audit}: where the keys
     * issued and revoked (with the admin key) are recorded, in the tenant's trail.
     */
    public TenantService(Jdbi jdbi, ChangeFeed changes, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
        changes.subscribe(this::forgetKeys);
    }

    /**
     * On an empty database, creates the tenant {@code default} with {@code apiKey}, or a generated key when
     * none is given; answers the new tenant, or nothing when there were tenants already.
     */
    public Optional<CreatedTenant> createDefaultTenant(Optional<String> apiKey) {
        return jdbi.inTransaction(handle -> {
            TenantDao dao = handle.attach(TenantDao.class);
            if (dao.countTenants() > 0) {
                return Optional.empty();
            }
            return Optional.of(insert(dao, DEFAULT_TENANT, "Default", apiKey.orElseGet(TenantService::newKey)));
        });
    }

    public CreatedTenant create(String id, String name) {
        if (id == null || !TENANT_ID.matcher(id).matches()) {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_request",
                    "field 'id' must be 1 to 64 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
                    Map.of("field", "id"));
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_request",
                    "field 'name' is required: at most " + MAX_NAME_LENGTH + " characters, no control characters",
                    Map.of("field", "name"));
        }
        try {
            return jdbi.inTransaction(handle -> insert(handle.attach(TenantDao.class), id, name, newKey()));
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw new HookboxException(HookboxException.Kind.CONFLICT, "tenant_exists",
                        "a tenant with id '" + id + "' already exists", Map.of("id", id));
            }
            throw e;
        }
    }

    public List<Tenant> list() {
        return jdbi.withHandle(handle -> {
            TenantDao dao = handle.attach(TenantDao.class);
            Map<String, List<Tenant.Key>> keys = dao.listKeys().stream().collect(Collectors.groupingBy(TenantDao.KeyRow::tenantId,
                    Collectors.mapping(key -> new Tenant.Key(key.id(), key.createdAt()), Collectors.toList())));
            return dao.listTenants().stream()
                    .map(row -> new Tenant(row.id(), row.name(), row.createdAt(), keys.getOrDefault(row.id(), List.of())))
                    .toList();
        });
    }

    /** Deletes the tenant with its keys and hooks. */
    public void delete(String id) {
        int deleted = jdbi.withExtension(TenantDao.class, dao -> dao.deleteTenant(id));
        changes.announce();
        if (deleted == 0) {
            throw noSuchTenant(id);
        }
    }

    public IssuedKey issueKey(String tenantId) {
        String apiKey = newKey();
        String keyId = UUID.randomUUID().toString();
        jdbi.useTransaction(handle -> {
            TenantDao dao = handle.attach(TenantDao.class);
            if (dao.countTenant(tenantId) == 0) {
                throw noSuchTenant(tenantId);
            }
            dao.insertKey(keyId, tenantId, hash(apiKey), now());
            audit.record(handle, tenantId, null, "key.issued", null, null, "issued the API key " + keyId);
        });
        return new IssuedKey(keyId, apiKey);
    }

    /** Revokes a key; requests made with it are refused from now on. */
    public void revokeKey(String tenantId, String keyId) {
        jdbi.useTransaction(handle -> {
            if (handle.attach(TenantDao.class).deleteKey(tenantId, keyId) == 0) {
                throw HookboxException.notFound("tenant '" + tenantId + "' has no key with id '" + keyId + "'");
            }
            audit.record(handle, tenantId, null, "key.revoked", null, null, "revoked the API key " + keyId);
        });
        changes.announce();
    }

    public boolean exists(String id) {
        return jdbi.withExtension(TenantDao.class, dao -> dao.countTenant(id)) > 0;
    }

    /** The tenant and key id of a management API key, if it is a valid key. */
    public Optional<KeyOwner> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        String keyHash = hash(apiKey);
        boolean cacheable = changes.live();
        KeyOwner cached = cacheable ? ownerOfKeyHash.getIfPresent(keyHash) : null;
        if (cached != null) {
            return Optional.of(cached);
        }
        long generation = keyGeneration();
        Optional<KeyOwner> owner = jdbi.withExtension(TenantDao.class, dao -> dao.ownerOfKey(keyHash));
        if (cacheable) {
            owner.ifPresent(found -> remember(keyHash, found, generation));
        }
        return owner;
    }

    private synchronized long keyGeneration() {
        return keyGeneration;
    }

    /** Caches a key unless keys were revoked since it was read, in which case it may be one of them. */
    private synchronized void remember(String keyHash, KeyOwner owner, long readAtGeneration) {
        if (keyGeneration == readAtGeneration) {
            ownerOfKeyHash.put(keyHash, owner);
        }
    }

    private synchronized void forgetKeys() {
        keyGeneration++;
        ownerOfKeyHash.invalidateAll();
    }

    private CreatedTenant insert(TenantDao dao, String id, String name, String apiKey) {
        Instant now = now();
        dao.insertTenant(new TenantDao.TenantRow(id, name, now));
        dao.insertKey(UUID.randomUUID().toString(), id, hash(apiKey), now);
        return new CreatedTenant(id, name, apiKey);
    }

    private static String newKey() {
        return RandomTokens.token(KEY_PREFIX, 32);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static HookboxException noSuchTenant(String id) {
        return HookboxException.notFound("no tenant with id '" + id + "'");
    }

    static String hash(String apiKey) {
        return RandomTokens.sha256(apiKey);
    }
}
