package io.hookbox;

import java.nio.file.Path;
import java.util.Map;

/** The server's settings, from environment variables; every one has a working default. */
public record ServerConfig(int port, Path policyFile) {

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        return new ServerConfig(
                port(env.getOrDefault("HOOKBOX_PORT", "8080")),
                Path.of(env.getOrDefault("HOOKBOX_POLICY", "sandbox-policy.json")));
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
