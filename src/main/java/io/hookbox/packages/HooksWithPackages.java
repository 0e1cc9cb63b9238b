package io.hookbox.packages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.HookPatch;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.NewHook;

import java.util.List;
import java.util.Map;

/**
 * Saving hooks that use packages: a new hook may come with its packages (installed first, so a failed install creates
 * nothing), and every save answers a warning naming the packages the code requires that the hook does not have.
 * Thread-safe.
 */
public final class HooksWithPackages {

    /** A saved hook, what its code requires but lacks, and the install's log when packages came with it. */
    public record Saved(@JsonUnwrapped Hook hook, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> log) {
    }

    private final HookService hooks;
    private final PackageService packages;

    public HooksWithPackages(HookService hooks, PackageService packages) {
        this.hooks = hooks;
        this.packages = packages;
    }

    public Saved create(String tenantId, NewHook hook, Map<String, String> wanted, String keyId) {
        if (wanted.isEmpty()) {
            Hook created = hooks.create(tenantId, hook, keyId);
            return new Saved(created, warnings(created, List.of()), List.of());
        }
        wanted.keySet().forEach(DependencyResolver::requireValidName);
        PackageService.Prepared prepared = packages.install(wanted, line -> { });
        Hook created = hooks.create(tenantId, hook, keyId);
        try {
            packages.attach(created.id(), prepared.lock(), created.deployedVersion());
        } catch (RuntimeException e) {
            hooks.delete(tenantId, created.id(), keyId);
            throw e;
        }
        return new Saved(created, warnings(created, List.copyOf(wanted.keySet())), prepared.log());
    }

    public Saved patch(String tenantId, String id, HookPatch patch, String keyId) {
        Hook changed = hooks.patch(tenantId, id, patch, keyId);
        return new Saved(changed, warnings(changed, packages.names(changed.id())), List.of());
    }

    private static List<String> warnings(Hook hook, List<String> installed) {
        List<String> missing = RequiredPackages.missing(hook.content(), installed);
        return missing.stream().map(name -> "the code requires '" + name + "', which the hook does not have yet: add it"
                + " (PUT /api/hooks/" + hook.id() + "/packages/" + name + ") before running it").toList();
    }
}
