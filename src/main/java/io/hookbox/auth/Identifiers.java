package io.hookbox.auth;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What makes two emails or usernames the same person, and which ones are refused as lookalikes. Uniqueness is
 * decided on a key: NFKC with case folding, so {@code Frank}, {@code frank} and {@code ｆｒａｎｋ} are one name.
 * Invisible characters are refused, and so are names mixing scripts (a Cyrillic {@code а} among Latin letters),
 * except the mixes Unicode's "highly restrictive" profile (UTS #39) allows: Latin with Han and Japanese kana, with
 * Han and Bopomofo, or with Han and Hangul. Each part of an email (before and after the {@code @}) is judged alone.
 */
public final class Identifiers {

    /** Longer logins are refused at every endpoint: no address or name is that long, and throttles key on them. */
    public static final int MAX_LENGTH = 320;

    private static final Set<UnicodeScript> NEUTRAL = EnumSet.of(UnicodeScript.COMMON, UnicodeScript.INHERITED);
    private static final List<Set<UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private Identifiers() {
    }

    /** The form uniqueness and sign-in lookups compare: stripped, NFKC, case folded. */
    public static String key(String identifier) {
        String folded = Normalizer.normalize(identifier.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /** Why {@code identifier} is refused as a name people could mistake for another, or empty. */
    public static Optional<String> lookalikeProblem(String identifier) {
        if (key(identifier).length() > MAX_LENGTH) {
            return Optional.of("it is longer than " + MAX_LENGTH + " characters once normalised");
        }
        if (identifier.codePoints().anyMatch(Identifiers::isInvisible)) {
            return Optional.of("it contains invisible or control characters");
        }
        int at = identifier.lastIndexOf('@');
        List<String> parts = at < 0 ? List.of(identifier) : List.of(identifier.substring(0, at), identifier.substring(at + 1));
        for (String part : parts) {
            if (mixesScripts(part)) {
                return Optional.of("it mixes letters of different scripts");
            }
        }
        return Optional.empty();
    }

    private static boolean mixesScripts(String part) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        part.codePoints().mapToObj(UnicodeScript::of).filter(script -> !NEUTRAL.contains(script)).forEach(scripts::add);
        return scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(mix -> mix.containsAll(scripts));
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT, Character.CONTROL, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> isDefaultIgnorable(codePoint);
        };
    }

    /** Default-ignorable code points that are not format characters: fillers and variation selectors. */
    private static boolean isDefaultIgnorable(int c) {
        return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || (c >= 0x180B && c <= 0x180F)
                || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }
}
