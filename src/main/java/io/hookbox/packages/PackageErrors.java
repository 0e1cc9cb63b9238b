package io.hookbox.packages;

import io.hookbox.errors.HookboxException;
import io.hookbox.errors.HookboxException.Kind;

import java.util.Map;

/** The failures of installing packages, each with its stable code; the HTTP layer maps their kinds to statuses. */
final class PackageErrors {

    private PackageErrors() {
    }

    static HookboxException notFound(String name) {
        return new HookboxException(Kind.NOT_FOUND, "package_not_found",
                "the registry has no package named '" + name + "'", Map.of("package", name));
    }

    static HookboxException noMatchingVersion(String name, String range, String why) {
        return new HookboxException(Kind.INVALID, "no_matching_version",
                "no version of " + name + " matches '" + range + "'" + (why.isEmpty() ? "" : ": " + why),
                Map.of("package", name, "range", range));
    }

    static HookboxException nativeModule(String name, String version, String file) {
        return new HookboxException(Kind.UNPROCESSABLE, "native_module",
                name + "@" + version + " is a native addon (" + file + "): hooks run JavaScript only, native code cannot be"
                        + " loaded; look for a pure JavaScript alternative", Map.of("package", name, "version", version));
    }

    static HookboxException tooLarge(String message) {
        return new HookboxException(Kind.TOO_LARGE, "package_too_large", message, Map.of());
    }

    static HookboxException unavailable(String message) {
        return new HookboxException(Kind.BAD_GATEWAY, "registry_unavailable", message, Map.of());
    }

    static HookboxException notConfigured() {
        return unavailable("no npm registry is configured: set HOOKBOX_NPM_REGISTRY to the registry's URL"
                + " (or configure npm's registry on this machine)");
    }

    static HookboxException integrityMismatch(String name, String version, String expected) {
        return new HookboxException(Kind.BAD_GATEWAY, "integrity_mismatch",
                "the tarball of " + name + "@" + version + " does not match its integrity " + expected
                        + "; nothing was installed", Map.of("package", name, "version", version));
    }

    static HookboxException unsafeArchive(String name, String version, String why) {
        return new HookboxException(Kind.UNPROCESSABLE, "unsafe_package",
                "the tarball of " + name + "@" + version + " was refused: " + why, Map.of("package", name, "version", version));
    }

    static HookboxException foreignTarball(String name, String version) {
        return new HookboxException(Kind.BAD_GATEWAY, "registry_unavailable",
                "the registry's document for " + name + "@" + version + " points its tarball to another host; hookbox"
                        + " downloads only from the registry itself", Map.of("package", name, "version", version));
    }

    static HookboxException invalidName(String name) {
        return HookboxException.invalid("'" + name + "' is not a valid npm package name", Map.of("package", String.valueOf(name)));
    }
}
