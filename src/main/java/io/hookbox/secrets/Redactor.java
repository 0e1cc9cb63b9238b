package io.hookbox.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every secret value found in a text by {@code [secret NAME]}: what a run says (console, errors, results,
 * request URLs) must not carry a hook's secrets out. The value is also found as JSON and URL encoding write it.
 * <p>
 * Overlapping values cannot leak a part: every character of every occurrence of every value is replaced. Where
 * occurrences overlap or nest, the stretch they cover becomes the names of the fewest of them that cover it, longest
 * first ({@code abc} and {@code bcd} in {@code abcd} give {@code [secret A][secret B]}; a value inside a longer one
 * gives the longer one's name). An empty value is never searched for. Immutable and thread-safe.
 */
public final class Redactor {

    public static final Redactor NONE = new Redactor(List.of());

    /** One spelling of a secret's value to look for, and the secret's name. */
    private record Needle(String text, String name) {
    }

    /** Where one occurrence is in the text. */
    private record Occurrence(int start, int end, String name) {
    }

    private final List<Needle> needles;

    private Redactor(List<Needle> needles) {
        this.needles = needles;
    }

    /** A redactor of {@code secrets}, name to value. */
    public static Redactor of(Map<String, String> secrets) {
        Map<String, String> nameOfSpelling = new LinkedHashMap<>();
        secrets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(secret -> {
            for (String spelling : spellings(secret.getValue())) {
                nameOfSpelling.putIfAbsent(spelling, secret.getKey());
            }
        });
        List<Needle> needles = new ArrayList<>();
        nameOfSpelling.forEach((text, name) -> needles.add(new Needle(text, name)));
        needles.sort(Comparator.comparingInt((Needle needle) -> needle.text().length()).reversed());
        return new Redactor(List.copyOf(needles));
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    /** {@code text} with every secret value replaced; null stays null. */
    public String redact(String text) {
        if (text == null || needles.isEmpty()) {
            return text;
        }
        List<Occurrence> found = occurrences(text);
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder redacted = new StringBuilder(text.length());
        int copied = 0;
        int i = 0;
        while (i < found.size()) {
            int stretchStart = found.get(i).start();
            int stretchEnd = found.get(i).end();
            int j = i;
            while (j + 1 < found.size() && found.get(j + 1).start() < stretchEnd) {
                j++;
                stretchEnd = Math.max(stretchEnd, found.get(j).end());
            }
            redacted.append(text, copied, stretchStart);
            appendCover(redacted, found.subList(i, j + 1), stretchStart, stretchEnd);
            copied = stretchEnd;
            i = j + 1;
        }
        return redacted.append(text, copied, text.length()).toString();
    }

    /** Names the fewest occurrences that cover the stretch: from each point, the one that reaches furthest. */
    private static void appendCover(StringBuilder redacted, List<Occurrence> stretch, int start, int end) {
        int covered = start;
        while (covered < end) {
            Occurrence furthest = null;
            for (Occurrence occurrence : stretch) {
                if (occurrence.start() <= covered && occurrence.end() > covered
                        && (furthest == null || occurrence.end() > furthest.end())) {
                    furthest = occurrence;
                }
            }
            redacted.append("[secret ").append(furthest.name()).append(']');
            covered = furthest.end();
        }
    }

    /** Every occurrence of every needle, overlapping ones too, by start then longest first. */
    private List<Occurrence> occurrences(String text) {
        List<Occurrence> found = new ArrayList<>();
        for (Needle needle : needles) {
            for (int at = text.indexOf(needle.text()); at >= 0; at = text.indexOf(needle.text(), at + 1)) {
                found.add(new Occurrence(at, at + needle.text().length(), needle.name()));
            }
        }
        found.sort(Comparator.comparingInt(Occurrence::start).thenComparing(Comparator.comparingInt(Occurrence::end).reversed()));
        return found;
    }

    /** The value as written, inside a JSON string, and URL-encoded (as a form and as a path writes a space). */
    private static List<String> spellings(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return List.of(value, jsonEscaped(value), form, form.replace("+", "%20")).stream().distinct().toList();
    }

    private static String jsonEscaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                default -> escaped.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return escaped.toString();
    }
}
