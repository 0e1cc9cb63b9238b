package io.hookbox;

import io.hookbox.store.Database;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The server's settings, from environment variables; every one has a working default.
 * {@code apiKey} is the key of the {@code default} tenant created on first start; {@code adminKey} enables
 * the admin routes.
 */
public record ServerConfig(int port, Path policyFile, Path dataDir, Optional<String> databaseUrl,
                           Optional<String> apiKey, Optional<String> adminKey) {

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
                optional(env, "HOOKBOX_ADMIN_KEY"));
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
