package io.hookbox.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.CoreModules;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.protocol.Frames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Node's module resolution for one run, inside the hook's lock and nowhere else: the hook itself may require its own
 * packages; a package may require its dependencies (found as Node finds them, up the {@code node_modules} tree) and its
 * own files, never a file outside its directory. Answers module ids: {@code core:name} for Node's core modules that
 * hooks have, else a path in the hook's virtual tree ({@code node_modules/lodash/fp.js}).
 * For {@code exports}, conditions are chosen as bundlers do for web workers, a CommonJS build before an ES module one.
 */
final class ModuleFiles {

    /** Thrown with the message the guest's {@code require} throws. */
    static final class NotFound extends Exception {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    private static final List<String> CONDITIONS = List.of("worker", "browser", "require", "default");
    /** Tried when no target matches {@link #CONDITIONS}: an ES-module-only package's build, made CommonJS on loading. */
    private static final List<String> MODULE_CONDITIONS = List.of("worker", "browser", "import", "module", "default");
    private static final String[] EXTENSIONS = {"", ".js", ".json", ".cjs"};

    private final HookPackages packages;

    ModuleFiles(HookPackages packages) {
        this.packages = packages;
    }

    /** The id of the module {@code specifier} names when required from the module {@code from} ("" for the hook). */
    String resolve(String from, String specifier) throws NotFound {
        if (specifier.isEmpty()) {
            throw new NotFound("The argument 'id' must be a non-empty string");
        }
        String bare = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        if (specifier.startsWith("node:") || CoreModules.isCore(bare)) {
            if (CoreModules.AVAILABLE.contains(bare)) {
                return "core:" + bare;
            }
            throw new NotFound("module '" + bare + "' is not available in hooks");
        }
        if (specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".") || specifier.equals("..")
                || specifier.startsWith("/")) {
            if (from.isEmpty() || specifier.startsWith("/")) {
                throw notFound(specifier);
            }
            HookPackages.Installed owner = ownerOf(from);
            String target = normalize(parentOf(from) + "/" + specifier);
            if (owner == null || target == null || !target.startsWith(owner.path() + "/") && !target.equals(owner.path())) {
                throw notFound(specifier);
            }
            String found = fileOrDirectory(owner, target, false);
            if (found == null) {
                throw notFound(specifier);
            }
            return found;
        }
        String name = packageName(specifier);
        HookPackages.Installed pkg = findPackage(from, name);
        if (pkg == null) {
            throw notFound(specifier);
        }
        String subpath = specifier.substring(name.length());
        JsonNode manifest = manifest(pkg);
        JsonNode exports = manifest.path("exports");
        if (!exports.isMissingNode() && !exports.isNull()) {
            String target = exported(exports, "." + subpath);
            if (target == null) {
                throw new NotFound("Package subpath '." + subpath + "' is not defined by \"exports\" in " + pkg.path()
                        + "/package.json");
            }
            String file = normalize(pkg.path() + "/" + target);
            if (file == null || !file.startsWith(pkg.path() + "/") || !isFile(pkg, file)) {
                throw notFound(specifier);
            }
            return file;
        }
        String found = fileOrDirectory(pkg, normalize(pkg.path() + subpath), subpath.isEmpty());
        if (found == null) {
            throw notFound(specifier);
        }
        return found;
    }

    /** The module's content: its JavaScript source, or for a {@code .json} file its JSON text. */
    String read(String id) throws IOException {
        HookPackages.Installed owner = ownerOf(id);
        if (owner == null) {
            throw new IOException("no package holds " + id);
        }
        return Files.readString(fileOf(owner, id), StandardCharsets.UTF_8);
    }

    /** Which installed package the module belongs to; with the integrity, a stable key of its content. */
    HookPackages.Installed ownerOf(String id) {
        HookPackages.Installed best = null;
        for (HookPackages.Installed installed : packages.installed()) {
            if (id.startsWith(installed.path() + "/") && (best == null || installed.path().length() > best.path().length())) {
                best = installed;
            }
        }
        return best;
    }

    /** Whether the module is an ES module by its extension or its package's {@code type}. */
    boolean isEsm(String id) {
        if (id.endsWith(".mjs")) {
            return true;
        }
        if (!id.endsWith(".js")) {
            return false;
        }
        HookPackages.Installed owner = ownerOf(id);
        return owner != null && "module".equals(manifest(owner).path("type").asText(""));
    }

    private NotFound notFound(String specifier) {
        List<String> names = packages.names();
        return new NotFound("Cannot find module '" + specifier + "'" + (names.isEmpty()
                ? ": the hook has no packages; add them in the Packages panel or with PUT /api/hooks/{id}/packages/{name}"
                : "; the hook's packages are: " + String.join(", ", names)));
    }

    private HookPackages.Installed findPackage(String from, String name) {
        if (from.isEmpty()) {
            return packages.names().contains(name) ? installedAt("node_modules/" + name) : null;
        }
        HookPackages.Installed owner = ownerOf(from);
        if (owner == null) {
            return null;
        }
        String at = owner.path();
        while (true) {
            HookPackages.Installed candidate = installedAt((at.isEmpty() ? "" : at + "/") + "node_modules/" + name);
            if (candidate != null) {
                return candidate;
            }
            if (at.isEmpty()) {
                return null;
            }
            int inner = at.lastIndexOf("/node_modules/");
            at = inner < 0 ? "" : at.substring(0, inner);
        }
    }

    private HookPackages.Installed installedAt(String path) {
        for (HookPackages.Installed installed : packages.installed()) {
            if (installed.path().equals(path)) {
                return installed;
            }
        }
        return null;
    }

    /** Node's LOAD_AS_FILE then LOAD_AS_DIRECTORY, the package's {@code browser} field applied. */
    private String fileOrDirectory(HookPackages.Installed pkg, String target, boolean packageRoot) {
        if (target == null) {
            return null;
        }
        JsonNode manifest = manifest(pkg);
        if (!packageRoot) {
            String file = asFile(pkg, target);
            if (file != null) {
                return browserReplacement(pkg, manifest, file);
            }
        }
        if (target.equals(pkg.path())) {
            String main = mainOf(manifest);
            if (main != null) {
                String mainPath = normalize(pkg.path() + "/" + main);
                if (mainPath != null && mainPath.startsWith(pkg.path() + "/")) {
                    String file = asFile(pkg, mainPath);
                    if (file == null) {
                        file = asFile(pkg, mainPath + "/index");
                    }
                    if (file != null) {
                        return browserReplacement(pkg, manifest, file);
                    }
                }
            }
        } else if (!packageRoot) {
            JsonNode nested = readJson(pkg, target + "/package.json");
            String main = nested == null ? null : mainOf(nested);
            if (main != null) {
                String file = asFile(pkg, normalize(target + "/" + main));
                if (file != null) {
                    return file;
                }
            }
        }
        String index = asFile(pkg, target + "/index");
        return index == null ? null : browserReplacement(pkg, manifest, index);
    }

    private static String mainOf(JsonNode manifest) {
        JsonNode browser = manifest.path("browser");
        if (browser.isTextual() && !browser.asText().isBlank()) {
            return browser.asText();
        }
        JsonNode main = manifest.path("main");
        return main.isTextual() && !main.asText().isBlank() ? main.asText() : null;
    }

    /** The {@code browser} field's object form: a file of the package swapped for another. */
    private String browserReplacement(HookPackages.Installed pkg, JsonNode manifest, String file) {
        JsonNode browser = manifest.path("browser");
        if (!browser.isObject()) {
            return file;
        }
        String relative = "./" + file.substring(pkg.path().length() + 1);
        for (String key : new String[] {relative, relative.replaceFirst("\\.js$", "")}) {
            JsonNode replacement = browser.get(key);
            if (replacement != null && replacement.isTextual()) {
                String swapped = asFile(pkg, normalize(pkg.path() + "/" + replacement.asText()));
                if (swapped != null && swapped.startsWith(pkg.path() + "/")) {
                    return swapped;
                }
            }
        }
        return file;
    }

    private String asFile(HookPackages.Installed pkg, String target) {
        if (target == null || !target.startsWith(pkg.path() + "/")) {
            return null;
        }
        for (String extension : EXTENSIONS) {
            if (isFile(pkg, target + extension)) {
                return target + extension;
            }
        }
        return null;
    }

    /** The {@code exports} target for {@code subpath}, with conditions chosen in {@link #CONDITIONS} order. */
    private static String exported(JsonNode exports, String subpath) {
        String target = exported(exports, subpath, CONDITIONS);
        return target != null ? target : exported(exports, subpath, MODULE_CONDITIONS);
    }

    private static String exported(JsonNode exports, String subpath, List<String> conditions) {
        boolean subpathKeys = exports.isObject() && exports.propertyStream().anyMatch(entry -> entry.getKey().startsWith("."));
        if (!subpathKeys) {
            return subpath.equals(".") ? conditional(exports, conditions) : null;
        }
        JsonNode exact = exports.get(subpath);
        if (exact != null) {
            return conditional(exact, conditions);
        }
        for (var entry : exports.properties()) {
            String key = entry.getKey();
            int star = key.indexOf('*');
            if (star >= 0 && subpath.startsWith(key.substring(0, star)) && subpath.endsWith(key.substring(star + 1))
                    && subpath.length() >= key.length() - 1) {
                String match = subpath.substring(star, subpath.length() - (key.length() - star - 1));
                String target = conditional(entry.getValue(), conditions);
                return target == null ? null : target.replace("*", match);
            }
            if (key.endsWith("/") && subpath.startsWith(key)) {
                String target = conditional(entry.getValue(), conditions);
                return target == null ? null : target + subpath.substring(key.length());
            }
        }
        return null;
    }

    private static String conditional(JsonNode target, List<String> conditions) {
        if (target.isTextual()) {
            return target.asText();
        }
        if (target.isArray()) {
            for (JsonNode option : target) {
                String chosen = conditional(option, conditions);
                if (chosen != null) {
                    return chosen;
                }
            }
            return null;
        }
        if (target.isObject()) {
            for (var entry : target.properties()) {
                if (conditions.contains(entry.getKey())) {
                    String chosen = conditional(entry.getValue(), conditions);
                    if (chosen != null) {
                        return chosen;
                    }
                }
            }
        }
        return null;
    }

    private JsonNode manifest(HookPackages.Installed pkg) {
        JsonNode manifest = readJson(pkg, pkg.path() + "/package.json");
        return manifest == null ? Frames.MAPPER.createObjectNode() : manifest;
    }

    private JsonNode readJson(HookPackages.Installed pkg, String id) {
        if (!isFile(pkg, id)) {
            return null;
        }
        try {
            return Frames.MAPPER.readTree(Files.readString(fileOf(pkg, id), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private boolean isFile(HookPackages.Installed pkg, String id) {
        HookPackages.Installed owner = ownerOf(id);
        if (owner == null || !owner.path().equals(pkg.path())) {
            return false;
        }
        Path file = fileOf(pkg, id);
        return file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path fileOf(HookPackages.Installed pkg, String id) {
        Path root = Path.of(pkg.directory());
        Path file = root.resolve(id.substring(pkg.path().length() + 1)).normalize();
        return file.startsWith(root) ? file : null;
    }

    private static String parentOf(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }

    /** The path with {@code .} and {@code ..} applied, or null when it would climb above the tree's root. */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    private static String packageName(String specifier) {
        String[] parts = specifier.split("/", 3);
        return specifier.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
    }
}
