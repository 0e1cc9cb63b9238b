package io.hookbox.packages;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hook's packages: the ranges it asked for ({@code dependencies}) and what they resolved to, every package at its
 * place in the {@code node_modules} tree with its exact version and integrity, as npm's lock file has them.
 */
public record PackageLock(Map<String, String> dependencies, List<Locked> packages) {

    public static final PackageLock EMPTY = new PackageLock(Map.of(), List.of());

    /** {@code requires}: the package's own dependencies (optional ones included), as its manifest gives them. */
    public record Locked(String path, String name, String version, String integrity, Map<String, String> requires) {

        public Locked {
            requires = requires == null ? Map.of() : new LinkedHashMap<>(requires);
        }
    }

    public PackageLock {
        dependencies = dependencies == null ? Map.of() : new LinkedHashMap<>(dependencies);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /** The package the hook asked for by {@code name}, as installed at the top of its tree. */
    public Optional<Locked> topLevel(String name) {
        String path = "node_modules/" + name;
        return packages.stream().filter(locked -> locked.path().equals(path)).findFirst();
    }

    /**
     * This lock without {@code name} and whatever only it needed: the packages still reachable, by Node's lookup, from
     * the remaining dependencies.
     */
    public PackageLock without(String name) {
        Map<String, String> remaining = new LinkedHashMap<>(dependencies);
        remaining.remove(name);
        Map<String, Locked> byPath = new LinkedHashMap<>();
        packages.forEach(locked -> byPath.put(locked.path(), locked));
        Set<String> reachable = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        remaining.keySet().forEach(top -> pending.add("node_modules/" + top));
        while (!pending.isEmpty()) {
            String path = pending.poll();
            Locked locked = byPath.get(path);
            if (locked == null || !reachable.add(path)) {
                continue;
            }
            for (String dependency : locked.requires().keySet()) {
                String found = lookup(byPath, path, dependency);
                if (found != null) {
                    pending.add(found);
                }
            }
        }
        return new PackageLock(remaining, packages.stream().filter(locked -> reachable.contains(locked.path())).toList());
    }

    /** Where Node's lookup from the package at {@code from} finds {@code name}: its own node_modules, then its parents'. */
    static String lookup(Map<String, ?> paths, String from, String name) {
        String at = from;
        while (true) {
            String candidate = (at.isEmpty() ? "" : at + "/") + "node_modules/" + name;
            if (paths.containsKey(candidate)) {
                return candidate;
            }
            if (at.isEmpty()) {
                return null;
            }
            int inner = at.lastIndexOf("/node_modules/");
            at = inner < 0 ? "" : at.substring(0, inner);
        }
    }

    @JsonIgnore
    public boolean isEmpty() {
        return dependencies.isEmpty();
    }
}
