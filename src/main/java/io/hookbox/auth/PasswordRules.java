package io.hookbox.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes a password too weak to accept, after NIST SP 800-63B: length, a list of the most used passwords, and
 * passwords built from the account's own email. No composition rules: they do not make passwords stronger.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = loadCommon();

    private PasswordRules() {
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public static Optional<String> weakness(String password, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("password must be at least " + MIN_LENGTH + " characters long");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("password must be at most " + MAX_LENGTH + " characters long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.codePoints().distinct().count() < 3) {
            return Optional.of("password must not repeat one or two characters");
        }
        if (COMMON.contains(lower)) {
            return Optional.of("password is one of the most commonly used passwords");
        }
        String localPart = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (localPart.length() >= 4 && lower.contains(localPart)) {
            return Optional.of("password must not contain the email address");
        }
        return Optional.empty();
    }

    private static Set<String> loadCommon() {
        try (InputStream in = PasswordRules.class.getResourceAsStream("/auth/common-passwords.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
