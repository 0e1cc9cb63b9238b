package io.hookbox.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email syntax as sign-up forms check it: one {@code @}, a dotted domain, no spaces, no lookalike characters
 * ({@link Identifiers}); stored in lower case.
 */
public final class EmailAddress {

    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private EmailAddress() {
    }

    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Why the address is refused, or empty when it looks deliverable. */
    public static Optional<String> problem(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of("email is required");
        }
        if (email.length() > MAX_LENGTH) {
            return Optional.of("email must be at most " + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(email.strip()).matches()) {
            return Optional.of("'" + email + "' is not an email address");
        }
        return Identifiers.lookalikeProblem(email.strip()).map(problem -> "the email address is refused: " + problem);
    }
}
