package io.hookbox.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** OAuth scope lists as RFC 6749 section 3.3 writes them: scope tokens separated by single spaces. */
public final class Scopes {

    public static final int MAX_SCOPES = 50;
    public static final int MAX_TOKEN_LENGTH = 100;
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1," + MAX_TOKEN_LENGTH + "}");

    private Scopes() {
    }

    /** The scope tokens of a request's {@code scope} parameter, in order without repeats; refused unless well-formed. */
    static Set<String> parse(String scope) {
        if (scope == null || scope.isEmpty()) {
            return Set.of();
        }
        List<String> tokens = Arrays.asList(scope.split(" ", -1));
        if (tokens.size() > MAX_SCOPES || !tokens.stream().allMatch(Scopes::isToken)) {
            throw AuthErrors.invalidScope("scope must be up to " + MAX_SCOPES + " scope tokens separated by single spaces"
                    + " (RFC 6749 section 3.3)");
        }
        return new LinkedHashSet<>(tokens);
    }

    public static boolean isToken(String token) {
        return SCOPE_TOKEN.matcher(token).matches();
    }
}
