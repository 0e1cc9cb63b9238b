package io.hookbox.sandbox.supervisor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A hook source's identity for source quarantine: a SHA-256 of its JavaScript tokens, ignoring whitespace and
 * comments. Those two can be changed freely without changing what the code does, so pasting a killer with other
 * indentation, line breaks or comments is the same source. Everything else counts (names, literals, order): merging
 * sources that differ in those would confine innocent hooks that merely look alike, and an attacker who renames a
 * variable meets the per-tenant quarantine and the lanes instead.
 * <p>
 * The tokenizer is deliberately small: it needs only to find where strings, template literals, regular expressions
 * and comments start and end. Where it is unsure whether {@code /} starts a regular expression, it treats it as one
 * only after a token that cannot end an expression, as JavaScript does. Thread-safe.
 */
final class SourceKey {

    private static final String REGEX_AFTER_WORDS = " return typeof instanceof in of new delete void throw case do else yield await ";

    private SourceKey() {
    }

    static String of(String source) {
        if (source == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(normalise(source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tokens of {@code source}, one space between each. */
    static String normalise(String source) {
        StringBuilder out = new StringBuilder(source.length());
        String previous = "";
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int end;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                i = lineEnd(source, i);
                continue;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            } else if (c == '"' || c == '\'') {
                end = quotedEnd(source, i, c);
            } else if (c == '`') {
                end = templateEnd(source, i);
            } else if (c == '/' && regexMayStart(previous)) {
                end = regexEnd(source, i);
            } else if (Character.isJavaIdentifierPart(c)) {
                end = i;
                while (end < n && (Character.isJavaIdentifierPart(source.charAt(end)) || source.charAt(end) == '.'
                        && end > i && Character.isDigit(source.charAt(i)))) {
                    end++;
                }
            } else {
                end = i + 1;
            }
            previous = source.substring(i, end);
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(previous);
            i = end;
        }
        return out.toString();
    }

    private static boolean regexMayStart(String previous) {
        if (previous.isEmpty()) {
            return true;
        }
        char last = previous.charAt(previous.length() - 1);
        if (Character.isJavaIdentifierPart(last)) {
            return REGEX_AFTER_WORDS.contains(" " + previous + " ");
        }
        return last != ')' && last != ']' && last != '}' && last != '"' && last != '\'' && last != '`';
    }

    private static int lineEnd(String source, int from) {
        int end = from;
        while (end < source.length() && source.charAt(end) != '\n' && source.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    private static int quotedEnd(String source, int from, char quote) {
        int end = from + 1;
        while (end < source.length() && source.charAt(end) != quote) {
            end += source.charAt(end) == '\\' ? 2 : 1;
        }
        return Math.min(end + 1, source.length());
    }

    /** The end of a template literal, with the literals and templates nested in its substitutions. */
    private static int templateEnd(String source, int from) {
        int end = from + 1;
        int n = source.length();
        while (end < n && source.charAt(end) != '`') {
            char c = source.charAt(end);
            if (c == '\\') {
                end += 2;
            } else if (c == '$' && end + 1 < n && source.charAt(end + 1) == '{') {
                end = substitutionEnd(source, end + 2);
            } else {
                end++;
            }
        }
        return Math.min(end + 1, n);
    }

    private static int substitutionEnd(String source, int from) {
        int depth = 1;
        int end = from;
        int n = source.length();
        while (end < n && depth > 0) {
            char c = source.charAt(end);
            if (c == '{') {
                depth++;
                end++;
            } else if (c == '}') {
                depth--;
                end++;
            } else if (c == '"' || c == '\'') {
                end = quotedEnd(source, end, c);
            } else if (c == '`') {
                end = templateEnd(source, end);
            } else {
                end++;
            }
        }
        return end;
    }

    private static int regexEnd(String source, int from) {
        int end = from + 1;
        int n = source.length();
        boolean inClass = false;
        while (end < n) {
            char c = source.charAt(end);
            if (c == '\\') {
                end += 2;
                continue;
            }
            if (c == '\n') {
                return end;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                end++;
                break;
            }
            end++;
        }
        while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
            end++;
        }
        return Math.min(end, n);
    }
}
