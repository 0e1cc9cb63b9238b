package io.hookbox.packages;

import io.hookbox.errors.HookboxException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Resolves a hook's dependencies as npm does: each range to one version (dist-tags first, then npm's semver rules),
 * transitive {@code dependencies} placed as high in the {@code node_modules} tree as they can go without shadowing a
 * different version, optional ones tried and skipped when they fail, peer ones reported, dev ones ignored. A package
 * already placed where Node's lookup finds it is reused when it satisfies the range, which also ends cycles.
 * Package documents are fetched once per resolution. Not thread-safe: one per resolution.
 */
final class DependencyResolver {

    /** npm's name rules; upper case is allowed, as legacy packages still have it. */
    private static final Pattern NAME = Pattern.compile("^(@[A-Za-z0-9~][A-Za-z0-9._~-]*/)?[A-Za-z0-9~][A-Za-z0-9._~-]*$");

    record Resolution(PackageLock lock, Map<String, Packument.Release> releases) {
    }

    private record Pending(String parentPath, Packument.Release release) {
    }

    private final RegistryClient registry;
    private final Consumer<String> log;
    private final Map<String, Packument> documents = new HashMap<>();
    private final Map<String, Packument.Release> placed = new LinkedHashMap<>();
    private final Map<String, String> pathsByLowerCase = new HashMap<>();

    DependencyResolver(RegistryClient registry, Consumer<String> log) {
        this.registry = registry;
        this.log = log;
    }

    static void requireValidName(String name) {
        if (name == null || name.length() > 214 || !NAME.matcher(name).matches() || name.startsWith(".") || name.startsWith("_")) {
            throw PackageErrors.invalidName(name);
        }
    }

    Packument document(String name) {
        return documents.computeIfAbsent(name, registry::packument);
    }

    Resolution resolve(Map<String, String> dependencies) {
        Deque<Pending> queue = new ArrayDeque<>();
        for (Map.Entry<String, String> dependency : dependencies.entrySet()) {
            requireValidName(dependency.getKey());
            Packument.Release release = pick(dependency.getKey(), dependency.getValue());
            log.accept("resolved " + dependency.getKey() + "@" + dependency.getValue() + " to " + release.version());
            place("", release, queue);
        }
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            String path = next.parentPath();
            Packument.Release release = next.release();
            for (Map.Entry<String, String> dependency : release.dependencies().entrySet()) {
                if (!release.optionalDependencies().containsKey(dependency.getKey())) {
                    require(path, dependency.getKey(), dependency.getValue(), queue);
                }
            }
            for (Map.Entry<String, String> optional : release.optionalDependencies().entrySet()) {
                try {
                    require(path, optional.getKey(), optional.getValue(), queue);
                } catch (HookboxException e) {
                    log.accept("skipped the optional dependency " + optional.getKey() + "@" + optional.getValue() + " of "
                            + release.name() + ": " + e.getMessage());
                }
            }
            release.peerDependencies().forEach((peer, range) -> {
                if (found(path, peer) == null) {
                    log.accept("warning: " + release.name() + " expects the peer dependency " + peer + "@" + range
                            + "; add it to the hook if the package needs it");
                }
            });
        }
        List<PackageLock.Locked> locked = new ArrayList<>();
        placed.forEach((path, release) -> {
            Map<String, String> requires = new LinkedHashMap<>(release.dependencies());
            requires.putAll(release.optionalDependencies());
            locked.add(new PackageLock.Locked(path, release.name(), release.version(), release.integrity(), requires));
        });
        return new Resolution(new PackageLock(dependencies, locked), Map.copyOf(placed));
    }

    /** {@code name@range} as a dependency of the package at {@code parentPath}: reused where Node would find it, else placed. */
    private void require(String parentPath, String name, String range, Deque<Pending> queue) {
        requireValidName(name);
        String existing = found(parentPath, name);
        if (existing != null && Packument.isRegistrySpec(range) && Packument.satisfies(placed.get(existing).version(), range)) {
            return;
        }
        if (existing != null && !Packument.isRegistrySpec(range)) {
            return;
        }
        Packument.Release release = pick(name, range);
        place(existing == null ? "" : parentPath, release, queue);
    }

    /** Where Node's lookup from the package at {@code parentPath} finds {@code name}, or null when nowhere. */
    private String found(String parentPath, String name) {
        return PackageLock.lookup(placed, parentPath, name);
    }

    private void place(String underPath, Packument.Release release, Deque<Pending> queue) {
        String path = (underPath.isEmpty() ? "" : underPath + "/") + "node_modules/" + release.name();
        String clash = pathsByLowerCase.putIfAbsent(path.toLowerCase(Locale.ROOT), path);
        if (clash != null && !clash.equals(path)) {
            throw HookboxException.invalid("the packages " + clash + " and " + path + " differ only in case; hookbox refuses"
                    + " names that could be confused", Map.of("package", release.name()));
        }
        placed.put(path, release);
        if (release.installScript()) {
            log.accept("warning: " + release.name() + "@" + release.version() + " has an install script; hookbox never runs"
                    + " install scripts, so the package may not work as its authors intended");
        }
        queue.add(new Pending(path, release));
    }

    private Packument.Release pick(String name, String range) {
        if (!Packument.isRegistrySpec(range)) {
            throw PackageErrors.noMatchingVersion(name, range, "only versions from the registry can be installed (not git,"
                    + " file, URL or alias specifiers)");
        }
        Packument document = document(name);
        try {
            return document.pick(range).orElseThrow(() -> PackageErrors.noMatchingVersion(name, range,
                    "the registry has " + summary(document)));
        } catch (RuntimeException e) {
            if (e instanceof HookboxException known) {
                throw known;
            }
            throw PackageErrors.noMatchingVersion(name, range, "the range is not valid (" + e.getMessage() + ")");
        }
    }

    private static String summary(Packument document) {
        List<String> versions = document.versions();
        if (versions.isEmpty()) {
            return "no versions";
        }
        return versions.size() <= 5 ? String.join(", ", versions)
                : versions.size() + " versions, the latest " + document.latestVersion().orElse(versions.getLast());
    }
}
