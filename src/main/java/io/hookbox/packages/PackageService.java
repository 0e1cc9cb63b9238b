package io.hookbox.packages;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.DeployedPackages;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RuntimePolicy;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * npm packages in hooks: search the registry, install a hook's packages (all or nothing: a failed install leaves the
 * hook exactly as it was), list and remove them, and hand runs the packages their hook has locked. Runs never touch
 * the network: they read the store. A change of a hook's packages is recorded in the audit trail. Thread-safe.
 */
public final class PackageService {

    /** A search result. */
    public record Found(String name, String version, String description, String date) {
    }

    /** A package of a hook: the range asked for, the version locked, the registry's latest and whether it is newer. */
    public record Installed(String name, String range, String version, String latest, boolean outdated) {
    }

    /** The answer to an install: the package as installed, the hook's new version and the install's log. */
    public record Installation(@JsonProperty("package") Installed pkg, long hookVersion, List<String> log) {
    }

    /** A resolved and stored set of packages, with what installing them said. */
    public record Prepared(PackageLock lock, List<String> log) {
    }

    private static final int MAX_SEARCH_SIZE = 50;
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final RegistryClient registry;
    private final PackageStore store;
    private final RuntimePolicy.Packages limits;
    private final AuditTrail audit;
    private final HookLocks locks;
    private final Clock clock;
    private final ExecutorService installs = Executors.newVirtualThreadPerTaskExecutor();
    private final Cache<Map<String, String>, PackageLock> draftLocks = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    public PackageService(Jdbi jdbi, RegistryClient registry, PackageStore store, RuntimePolicy.Packages limits, AuditTrail audit,
                          Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.store = store;
        this.limits = limits;
        this.audit = audit;
        this.locks = new HookLocks(jdbi, clock);
        this.clock = clock;
    }

    /** The service of a server: the registry found on first use, the store's files under {@code directory}. */
    public static PackageService create(Jdbi jdbi, Supplier<Optional<RegistryLocation>> registry, Path directory,
                                        RuntimePolicy.Packages limits, AuditTrail audit) {
        return new PackageService(jdbi, new RegistryClient(registry, REGISTRY_TIMEOUT),
                new PackageStore(jdbi, directory, Clock.systemUTC()), limits, audit, Clock.systemUTC());
    }

    public List<Found> search(String text, int size) {
        if (text == null || text.isBlank()) {
            throw HookboxException.invalid("the query parameter 'q' is required: the text to search for", Map.of("field", "q"));
        }
        int wanted = size;
        if (wanted < 1 || wanted > MAX_SEARCH_SIZE) {
            throw HookboxException.invalid("'size' must be between 1 and " + MAX_SEARCH_SIZE, Map.of("field", "size"));
        }
        List<Found> found = new ArrayList<>();
        for (JsonNode object : registry.search(text.trim(), wanted)) {
            JsonNode pkg = object.path("package");
            found.add(new Found(pkg.path("name").asText(), pkg.path("version").asText(),
                    pkg.path("description").asText(""), pkg.path("date").asText(null)));
        }
        return found;
    }

    /** The hook's packages, with the registry's latest versions when it can be reached. */
    public List<Installed> list(String tenantId, String hookId) {
        PackageLock lock = lockOf(tenantId, hookId);
        List<Installed> installed = new ArrayList<>();
        lock.dependencies().forEach((name, range) -> installed.add(describe(lock, name, range, latestOrNull(name))));
        return installed;
    }

    /**
     * Installs {@code name} at {@code range} in the hook (default: {@code ^} and the latest version), or updates it.
     * The hook's version grows by one. {@code keyId}: who asks, for the audit trail.
     */
    public Installation put(String tenantId, String hookId, String name, String range, String keyId) {
        return put(tenantId, hookId, name, range, keyId, line -> { });
    }

    /**
     * As {@link #put(String, String, String, String, String)}, handing each line of the install's log to
     * {@code progress} as it happens (from the install's own thread; never after this method has returned or thrown).
     */
    public Installation put(String tenantId, String hookId, String name, String range, String keyId, Consumer<String> progress) {
        DependencyResolver.requireValidName(name);
        PackageLock current = lockOf(tenantId, hookId);
        String chosen = range == null || range.isBlank() ? "^" + latestVersionOf(name) : range.trim();
        Map<String, String> wanted = new TreeMap<>(current.dependencies());
        wanted.put(name, chosen);
        Prepared prepared = install(wanted, progress);
        String installed = name + "@" + prepared.lock().topLevel(name).map(PackageLock.Locked::version).orElse("?");
        long version = saveLock(tenantId, hookId, prepared.lock(), keyId, "hook.package_installed",
                "installed " + installed + " (" + chosen + ") in the hook");
        String last = "installed " + installed + " in the hook (" + prepared.lock().packages().size() + " packages in all)";
        progress.accept(last);
        List<String> log = new ArrayList<>(prepared.log());
        log.add(last);
        return new Installation(describe(prepared.lock(), name, chosen, latestOrNull(name)), version, log);
    }

    /** Removes {@code name} from the hook; the hook's version grows by one. */
    public long remove(String tenantId, String hookId, String name, String keyId) {
        PackageLock current = lockOf(tenantId, hookId);
        if (!current.dependencies().containsKey(name)) {
            throw new HookboxException(HookboxException.Kind.NOT_FOUND, "package_not_installed",
                    "the hook has no package named '" + name + "'", Map.of("package", String.valueOf(name)));
        }
        return saveLock(tenantId, hookId, current.without(name), keyId, "hook.package_removed", "removed " + name + " from the hook");
    }

    /** Resolves, downloads, verifies and stores {@code dependencies}; nothing is attached to any hook. */
    public Prepared install(Map<String, String> dependencies, Consumer<String> log) {
        if (dependencies.size() > limits.maxPerHook()) {
            throw PackageErrors.tooLarge("a hook may have at most " + limits.maxPerHook() + " packages, not " + dependencies.size());
        }
        if (dependencies.isEmpty()) {
            return new Prepared(PackageLock.EMPTY, List.of());
        }
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean answered = new AtomicBoolean();
        Future<PackageLock> work = installs.submit(() -> resolveAndStore(dependencies, line -> {
            lines.add(line);
            // Lines go out as they happen, and never after the caller has its answer (a timed-out install goes on a moment).
            synchronized (answered) {
                if (!answered.get()) {
                    log.accept(line);
                }
            }
        }));
        try {
            PackageLock lock = work.get(limits.installTimeoutMs(), TimeUnit.MILLISECONDS);
            return new Prepared(lock, List.copyOf(lines));
        } catch (TimeoutException e) {
            work.cancel(true);
            throw PackageErrors.unavailable("installing took longer than " + limits.installTimeoutMs() + " ms; nothing was installed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw PackageErrors.unavailable("the install was interrupted; nothing was installed");
        } finally {
            synchronized (answered) {
                answered.set(true);
            }
        }
    }

    /** The packages of a run of code not saved as a hook (the editor's test run), installed once and kept a while. */
    public HookPackages forDraft(Map<String, String> dependencies) {
        if (dependencies == null || dependencies.isEmpty()) {
            return HookPackages.NONE;
        }
        Map<String, String> key = new TreeMap<>(dependencies);
        // Not installed inside the cache's own computation: that would hold up other keys while the registry answers.
        PackageLock lock = draftLocks.getIfPresent(key);
        if (lock == null) {
            lock = install(key, line -> { }).lock();
            draftLocks.put(key, lock);
        }
        return toRun(lock);
    }

    /** The packages a run of the stored hook may load: those its deployed {@code version} was deployed with, or its draft's when null. */
    public HookPackages forHook(String hookId, Integer version) {
        PackageLock lock = locks.forRun(hookId, version);
        return lock.isEmpty() ? HookPackages.NONE : toRun(lock);
    }

    /** Where deploys fix the packages of the versions they make. */
    public DeployedPackages deployedPackages() {
        return locks;
    }

    /**
     * Saves a new hook's lock, right after the hook was created, without changing its version; also as the lock of
     * {@code deployedVersion}, the version the hook was deployed as at its creation (null for a draft).
     */
    public void attach(String hookId, PackageLock lock, Integer deployedVersion) {
        if (!lock.isEmpty()) {
            jdbi.useTransaction(handle -> {
                HookLocks.Stored stored = locks.read(handle, hookId).withDraft(lock);
                locks.write(handle, hookId, deployedVersion == null ? stored : stored.withDeployed(deployedVersion, lock));
            });
        }
    }

    /** The names of the hook's packages (its draft's). */
    public List<String> names(String hookId) {
        return List.copyOf(locks.forRun(hookId, null).dependencies().keySet());
    }

    private PackageLock resolveAndStore(Map<String, String> dependencies, Consumer<String> log) {
        DependencyResolver resolver = new DependencyResolver(registry, log);
        DependencyResolver.Resolution resolution = resolver.resolve(dependencies);
        long bytes = 0;
        int files = 0;
        List<PackageLock.Locked> locked = new ArrayList<>();
        for (PackageLock.Locked entry : resolution.lock().packages()) {
            Packument.Release release = resolution.releases().get(entry.path());
            PackageStore.Size size = release.integrity().startsWith("sha512-") ? store.size(release.integrity()) : null;
            String integrity = release.integrity();
            if (size == null) {
                long remaining = limits.maxUnpackedBytes() - bytes;
                byte[] tarball = registry.tarball(release, Math.max(remaining, 0));
                integrity = Tarball.verifiedIntegrity(release, tarball);
                List<Tarball.File> content = Tarball.read(release, tarball,
                        new Tarball.Caps(limits.maxFiles() - files, remaining, limits.maxCompressionRatio()));
                store.save(release, integrity, tarball, content);
                size = store.size(integrity);
                log.accept("downloaded " + release.name() + "@" + release.version() + ", " + megabytes(tarball.length)
                        + ", integrity ok");
            } else {
                log.accept("found " + release.name() + "@" + release.version() + " in the package store");
            }
            bytes += size.bytes();
            files += size.files();
            if (bytes > limits.maxUnpackedBytes() || files > limits.maxFiles()) {
                throw PackageErrors.tooLarge("the hook's packages unpack to more than " + limits.maxUnpackedBytes()
                        + " bytes or " + limits.maxFiles() + " files");
            }
            locked.add(new PackageLock.Locked(entry.path(), entry.name(), entry.version(), integrity, entry.requires()));
        }
        return new PackageLock(dependencies, locked);
    }

    private long saveLock(String tenantId, String hookId, PackageLock lock, String keyId, String action, String summary) {
        return jdbi.inTransaction(handle -> {
            PackageDao dao = handle.attach(PackageDao.class);
            if (dao.lockHook(tenantId, hookId).isEmpty()) {
                throw HookboxException.notFound("no hook with id '" + hookId + "'");
            }
            locks.write(handle, hookId, locks.read(handle, hookId).withDraft(lock));
            dao.bumpHookVersion(tenantId, hookId, clock.instant());
            audit.record(handle, tenantId, keyId, action, hookId, null, summary);
            return handle.createQuery("SELECT version FROM hooks WHERE id = :id").bind("id", hookId).mapTo(Long.class).one();
        });
    }

    private PackageLock lockOf(String tenantId, String hookId) {
        return jdbi.withHandle(handle -> {
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM hooks WHERE tenant_id = :tenantId AND id = :id")
                    .bind("tenantId", tenantId).bind("id", hookId).mapTo(Integer.class).one() > 0;
            if (!exists) {
                throw HookboxException.notFound("no hook with id '" + hookId + "'");
            }
            return locks.read(handle, hookId).draft();
        });
    }

    private HookPackages toRun(PackageLock lock) {
        List<HookPackages.Installed> installed = new ArrayList<>();
        for (PackageLock.Locked locked : lock.packages()) {
            installed.add(new HookPackages.Installed(locked.path(), locked.integrity(),
                    store.directory(locked.integrity()).toString()));
        }
        return new HookPackages(List.copyOf(lock.dependencies().keySet()), installed);
    }

    private String latestVersionOf(String name) {
        return new DependencyResolver(registry, line -> { }).document(name).latestVersion()
                .orElseThrow(() -> PackageErrors.noMatchingVersion(name, "latest", "the registry names no latest version"));
    }

    private String latestOrNull(String name) {
        try {
            return registry.packument(name).latestVersion().orElse(null);
        } catch (HookboxException e) {
            return null;
        }
    }

    private static Installed describe(PackageLock lock, String name, String range, String latest) {
        String version = lock.topLevel(name).map(PackageLock.Locked::version).orElse(null);
        boolean outdated = version != null && latest != null && !latest.equals(version)
                && org.semver4j.Semver.parse(latest) != null && org.semver4j.Semver.parse(version) != null
                && org.semver4j.Semver.parse(latest).isGreaterThan(org.semver4j.Semver.parse(version));
        return new Installed(name, range, version, latest, outdated);
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                : String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }


}
