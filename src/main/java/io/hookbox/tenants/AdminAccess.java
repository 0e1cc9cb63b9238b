package io.hookbox.tenants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Who may manage tenants: whoever presents the admin key. Without a configured key, nobody. Thread-safe. */
public final class AdminAccess {

    private final Optional<byte[]> adminKey;

    public AdminAccess(Optional<String> adminKey) {
        this.adminKey = adminKey.map(key -> key.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminAccess disabled() {
        return new AdminAccess(Optional.empty());
    }

    public boolean enabled() {
        return adminKey.isPresent();
    }

    public boolean permits(String presentedKey) {
        return presentedKey != null && adminKey
                .map(key -> MessageDigest.isEqual(key, presentedKey.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
