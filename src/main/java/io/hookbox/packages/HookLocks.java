package io.hookbox.packages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.hooks.DeployedPackages;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hook's package locks, one stored document per hook: the draft's (what installs and removals change, what test runs
 * load) and, per deployed version, the lock that version was deployed with (what real flows load). Documents stored
 * before deploys fixed packages hold the draft's lock alone; their versions run with it. Thread-safe.
 */
final class HookLocks implements DeployedPackages {

    /** The stored document: {@code deployed} maps a version number to its lock. */
    record Stored(PackageLock draft, Map<Integer, PackageLock> deployed) {

        static final Stored NONE = new Stored(PackageLock.EMPTY, Map.of());

        Stored {
            draft = draft == null ? PackageLock.EMPTY : draft;
            deployed = deployed == null ? Map.of() : new TreeMap<>(deployed);
        }

        Stored withDraft(PackageLock lock) {
            return new Stored(lock, deployed);
        }

        Stored withDeployed(int version, PackageLock lock) {
            Map<Integer, PackageLock> all = new TreeMap<>(deployed);
            all.put(version, lock);
            return new Stored(draft, all);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Jdbi jdbi;
    private final Clock clock;

    HookLocks(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    Stored read(Handle handle, String hookId) {
        return handle.attach(PackageDao.class).lock(hookId).map(HookLocks::parse).orElse(Stored.NONE);
    }

    void write(Handle handle, String hookId, Stored stored) {
        PackageDao dao = handle.attach(PackageDao.class);
        dao.deleteLock(hookId);
        if (!stored.draft().isEmpty() || !stored.deployed().isEmpty()) {
            dao.insertLock(hookId, json(stored), clock.instant());
        }
        dao.hooksChanged(hookId);
    }

    /** The lock a run of the hook loads: its deployed version {@code version}'s, or its draft's when null. */
    PackageLock forRun(String hookId, Integer version) {
        Stored stored = jdbi.withHandle(handle -> read(handle, hookId));
        return version == null ? stored.draft() : stored.deployed().getOrDefault(version, stored.draft());
    }

    @Override
    public void fix(Handle handle, String hookId, int version) {
        Stored stored = read(handle, hookId);
        write(handle, hookId, stored.withDeployed(version, stored.draft()));
    }

    @Override
    public void fixRollback(Handle handle, String hookId, int version, int from, boolean draftFollows) {
        Stored stored = read(handle, hookId);
        PackageLock lock = stored.deployed().getOrDefault(from, stored.draft());
        Stored fixed = stored.withDeployed(version, lock);
        write(handle, hookId, draftFollows ? fixed.withDraft(lock) : fixed);
    }

    @Override
    public Map<Integer, Map<String, String>> of(String hookId) {
        Map<Integer, Map<String, String>> versions = new LinkedHashMap<>();
        jdbi.withHandle(handle -> read(handle, hookId)).deployed().forEach((version, lock) -> {
            Map<String, String> packages = new TreeMap<>();
            lock.dependencies().keySet().forEach(name -> lock.topLevel(name).ifPresent(locked -> packages.put(name, locked.version())));
            versions.put(version, packages);
        });
        return versions;
    }

    private static String json(Stored stored) {
        try {
            return MAPPER.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stored parse(String json) {
        try {
            JsonNode document = MAPPER.readTree(json);
            return document.has("draft") ? MAPPER.treeToValue(document, Stored.class)
                    : new Stored(MAPPER.treeToValue(document, PackageLock.class), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored package lock is not readable: " + e.getMessage(), e);
        }
    }
}
