package io.hookbox;

import io.hookbox.store.Database;

import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.http.Exposure;
import io.hookbox.http.TrustedProxies;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server's settings, from environment variables; every one has a working default.
 * {@code apiKey} is the key of the {@code default} tenant created on first start; {@code adminKey} enables
 * the admin routes; {@code secret} and {@code previousSecret} key the {@link io.hookbox.secrets.SecretBox};
 * {@code maxCustomClaimsBytes} caps the custom claims post-login hooks add to each token.
 */
public record ServerConfig(int port, Path policyFile, Path dataDir, Optional<String> databaseUrl,
                           Optional<String> apiKey, Optional<String> adminKey, Optional<String> secret, Optional<String> previousSecret,
                           Exposure exposure, RetentionPolicy executionRetention, int maxCustomClaimsBytes) {

    /** An admin key guards every tenant; a short one is too easy to guess. */
    public static final int MIN_ADMIN_KEY_LENGTH = 16;

    public ServerConfig {
        adminKey.ifPresent(key -> {
            if (key.length() < MIN_ADMIN_KEY_LENGTH) {
                throw new IllegalArgumentException("HOOKBOX_ADMIN_KEY must be at least " + MIN_ADMIN_KEY_LENGTH
                        + " characters long; it is " + key.length());
            }
        });
    }

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        return new ServerConfig(
                port(env.getOrDefault("HOOKBOX_PORT", "8080")),
                Path.of(env.getOrDefault("HOOKBOX_POLICY", "sandbox-policy.json")),
                Path.of(env.getOrDefault("HOOKBOX_DATA_DIR", "data")),
                optional(env, "HOOKBOX_DB_URL"),
                optional(env, "HOOKBOX_API_KEY"),
                optional(env, "HOOKBOX_ADMIN_KEY"),
                optional(env, "HOOKBOX_SECRET"),
                optional(env, "HOOKBOX_SECRET_PREVIOUS"),
                new Exposure(optional(env, "HOOKBOX_PUBLIC_URL"), "true".equalsIgnoreCase(env.getOrDefault("HOOKBOX_DEV", "").trim()),
                        TrustedProxies.parse(env.get("HOOKBOX_TRUSTED_PROXIES"))),
                new RetentionPolicy(
                        Duration.ofDays(positive(env, "HOOKBOX_EXECUTIONS_MAX_AGE_DAYS", RetentionPolicy.DEFAULT.maxAge().toDays())),
                        (int) positive(env, "HOOKBOX_EXECUTIONS_MAX_PER_TENANT", RetentionPolicy.DEFAULT.maxPerTenant())),
                (int) positive(env, "HOOKBOX_MAX_CUSTOM_CLAIMS_BYTES", SignInClaims.DEFAULT_MAX_CUSTOM_CLAIMS_BYTES));
    }

    /** The settings of a server for tests and benchmarks: everything default but these, in development mode. */
    public static ServerConfig forTesting(int port, Path dataDir, String apiKey) {
        return fromEnvironment(Map.of("HOOKBOX_PORT", String.valueOf(port), "HOOKBOX_DATA_DIR", dataDir.toString(),
                "HOOKBOX_API_KEY", apiKey, "HOOKBOX_DEV", "true"));
    }

    private static long positive(Map<String, String> env, String name, long defaultValue) {
        Optional<String> value = optional(env, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 1 || parsed > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, not '" + value.get() + "'");
        }
    }

    /** {@code HOOKBOX_DB_URL} if set, else the embedded H2 database in the data directory. */
    public String jdbcUrl() {
        return databaseUrl.orElseGet(() -> Database.h2FileUrl(dataDir));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HOOKBOX_PORT must be a port number (0-65535), not '" + value + "'");
        }
    }
}
