package io.hookbox.packages;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the npm registry is, found as npm users expect: {@code HOOKBOX_NPM_REGISTRY}, else npm's own configuration
 * ({@code npm_config_registry}, the {@code registry=} line of the user's {@code .npmrc}, what {@code npm config get
 * registry} prints). A token for a private registry comes from the {@code //host/path/:_authToken=} line of the
 * {@code .npmrc} that matches the registry, or {@code HOOKBOX_NPM_TOKEN}.
 */
public record RegistryLocation(URI url, Optional<String> token) {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    public RegistryLocation {
        String text = url.toString();
        url = URI.create(text.endsWith("/") ? text : text + "/");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("the npm registry must be an http or https URL, not " + text);
        }
    }

    /**
     * The registry found from {@code env}, the {@code .npmrc} in {@code home}, then {@code npmDefault} (what npm says,
     * if npm is installed); empty when none of them names one.
     */
    public static Optional<RegistryLocation> find(Map<String, String> env, Path home, Supplier<Optional<String>> npmDefault) {
        List<String> npmrc = readNpmrc(env, home);
        Optional<String> url = nonBlank(env.get("HOOKBOX_NPM_REGISTRY"))
                .or(() -> nonBlank(env.get("npm_config_registry")))
                .or(() -> setting(npmrc, "registry", env))
                .or(npmDefault);
        return url.map(found -> {
            URI uri = URI.create(found.trim());
            Optional<String> token = nonBlank(env.get("HOOKBOX_NPM_TOKEN")).or(() -> tokenFor(uri, npmrc, env));
            return new RegistryLocation(uri, token);
        });
    }

    /** From the process's environment, the user's home and npm if it is on the PATH. */
    public static Optional<RegistryLocation> fromSystem() {
        return find(System.getenv(), Path.of(System.getProperty("user.home")), RegistryLocation::askNpm);
    }

    /** What {@code npm config get registry} prints, if npm is installed and answers within a few seconds. */
    static Optional<String> askNpm() {
        try {
            Process npm = new ProcessBuilder("npm", "config", "get", "registry").redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!npm.waitFor(10, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                return Optional.empty();
            }
            String printed = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return npm.exitValue() == 0 && printed.startsWith("http") ? Optional.of(printed) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> readNpmrc(Map<String, String> env, Path home) {
        Path file = nonBlank(env.get("npm_config_userconfig")).map(Path::of).orElse(home == null ? null : home.resolve(".npmrc"));
        try {
            return file != null && Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> setting(List<String> npmrc, String key, Map<String, String> env) {
        for (String line : npmrc) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (equals > 0 && !trimmed.startsWith("#") && !trimmed.startsWith(";")
                    && trimmed.substring(0, equals).trim().equals(key)) {
                return nonBlank(expand(unquote(trimmed.substring(equals + 1).trim()), env));
            }
        }
        return Optional.empty();
    }

    /** The token of the longest {@code //host/path/:_authToken} key that the registry URL starts with. */
    private static Optional<String> tokenFor(URI registry, List<String> npmrc, Map<String, String> env) {
        String target = "//" + registry.getRawAuthority() + registry.getRawPath();
        String best = null;
        String token = null;
        for (String line : npmrc) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || !trimmed.startsWith("//")) {
                continue;
            }
            String key = trimmed.substring(0, equals).trim();
            if (!key.endsWith(":_authToken")) {
                continue;
            }
            String prefix = key.substring(0, key.length() - ":_authToken".length());
            if (target.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
                token = expand(unquote(trimmed.substring(equals + 1).trim()), env);
            }
        }
        return nonBlank(token);
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(out).toString();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
    }

    /** The registry's origin as the browser would say it: scheme, host and port. */
    String origin() {
        return originOf(url);
    }

    static String originOf(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        return String.valueOf(uri.getScheme()).toLowerCase() + "://" + String.valueOf(uri.getHost()).toLowerCase() + ":" + port;
    }
}
