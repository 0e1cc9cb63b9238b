package io.hookbox.packages;

import com.fasterxml.jackson.databind.JsonNode;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package's document from the registry, in the full or the abbreviated form: its dist-tags and, per version,
 * what installing it needs. Versions are picked as npm does.
 */
record Packument(String name, Map<String, String> distTags, Map<String, Release> releases) {

    /** One version of the package. {@code installScript}: it declares preinstall, install or postinstall. */
    record Release(String name, String version, String tarball, String integrity, String shasum, Map<String, String> dependencies,
                   Map<String, String> optionalDependencies, Map<String, String> peerDependencies, boolean installScript,
                   boolean deprecated) {
    }

    static Packument parse(String name, JsonNode document) {
        Map<String, String> tags = strings(document.path("dist-tags"));
        Map<String, Release> releases = new LinkedHashMap<>();
        document.path("versions").properties().forEach(entry -> {
            JsonNode manifest = entry.getValue();
            JsonNode scripts = manifest.path("scripts");
            boolean installScript = manifest.path("hasInstallScript").asBoolean(false) || manifest.path("gypfile").asBoolean(false) || scripts.has("preinstall")
                    || scripts.has("install") || scripts.has("postinstall");
            JsonNode dist = manifest.path("dist");
            releases.put(entry.getKey(), new Release(name, entry.getKey(), dist.path("tarball").asText(""),
                    dist.path("integrity").asText(""), dist.path("shasum").asText(""), strings(manifest.path("dependencies")),
                    strings(manifest.path("optionalDependencies")), strings(manifest.path("peerDependencies")), installScript,
                    manifest.hasNonNull("deprecated")));
        });
        return new Packument(name, tags, releases);
    }

    /**
     * The version npm would pick for {@code spec}: a dist-tag's version, else the {@code latest} tag when it satisfies
     * the range, else the highest version satisfying it (pre-releases only when the range names one).
     */
    Optional<Release> pick(String spec) {
        String wanted = spec == null || spec.isBlank() ? "latest" : spec.trim();
        if (distTags.containsKey(wanted)) {
            return Optional.ofNullable(releases.get(distTags.get(wanted)));
        }
        RangeList range = range(wanted);
        Release latest = releases.get(distTags.get("latest"));
        if (latest != null && satisfies(latest.version(), range)) {
            return Optional.of(latest);
        }
        Semver best = null;
        for (String version : releases.keySet()) {
            Semver parsed = Semver.parse(version);
            if (parsed != null && range.isSatisfiedBy(parsed) && (best == null || parsed.isGreaterThan(best))) {
                best = parsed;
            }
        }
        return best == null ? Optional.empty() : Optional.of(releases.get(best.getVersion()));
    }

    Optional<String> latestVersion() {
        return Optional.ofNullable(distTags.get("latest"));
    }

    /** Whether {@code spec} can name a version of a registry package (not a git URL, file, tarball URL or alias). */
    static boolean isRegistrySpec(String spec) {
        String text = spec == null ? "" : spec.trim();
        return !text.contains(":") && !text.contains("/") && !text.startsWith("~/") && !text.startsWith(".");
    }

    static boolean satisfies(String version, String spec) {
        return satisfies(version, range(spec));
    }

    private static boolean satisfies(String version, RangeList range) {
        Semver parsed = Semver.parse(version);
        return parsed != null && range.isSatisfiedBy(parsed);
    }

    private static RangeList range(String spec) {
        String text = spec == null || spec.isBlank() || spec.trim().equals("latest") ? "*" : spec.trim();
        return RangeListFactory.create(text);
    }

    List<String> versions() {
        return new ArrayList<>(releases.keySet());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(entry -> out.put(entry.getKey(), entry.getValue().asText()));
        }
        return out;
    }
}
