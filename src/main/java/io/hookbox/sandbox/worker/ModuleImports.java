package io.hookbox.sandbox.worker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ES-module hook's static {@code import} declarations as {@code require} calls, so {@code import dayjs from 'dayjs'}
 * loads the hook's package through the same loader as {@code require} (a hook has no files for the engine's own module
 * loader to read). A default import is the module's {@code exports} (its {@code default} for a transpiled module), a
 * namespace import the whole {@code exports}, named imports its properties. Line breaks are kept, so errors keep
 * their lines.
 */
final class ModuleImports {

    private static final Pattern DECLARATION = Pattern.compile(
            "(?m)^([ \\t]*)import\\s+(?:(?<clause>[\\w$]+(?:\\s*,\\s*(?:\\{[^}]*}|\\*\\s*as\\s+[\\w$]+))?|\\{[^}]*}|\\*\\s*as\\s+[\\w$]+)\\s*from\\s*)?"
                    + "(?<quote>['\"])(?<specifier>[^'\"\\n]+)\\k<quote>[ \\t]*;?");
    private static final String INTEROP = "((m) => m && m.__esModule ? m.default : m)";

    private ModuleImports() {
    }

    static String rewrite(String code) {
        Matcher matcher = DECLARATION.matcher(code);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String required = "require(" + quoted(matcher.group("specifier")) + ")";
            String clause = matcher.group("clause");
            String replacement = matcher.group(1) + (clause == null ? required + ";" : bindings(clause.trim(), required));
            long lines = matcher.group().chars().filter(c -> c == '\n').count();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement + "\n".repeat((int) lines)));
        }
        return matcher.appendTail(out).toString();
    }

    private static String bindings(String clause, String required) {
        if (clause.startsWith("{")) {
            return "const " + named(clause) + " = " + required + ";";
        }
        if (clause.startsWith("*")) {
            return "const " + namespaceName(clause) + " = " + required + ";";
        }
        int comma = clause.indexOf(',');
        if (comma < 0) {
            return "const " + clause + " = " + INTEROP + "(" + required + ");";
        }
        String defaultName = clause.substring(0, comma).trim();
        String rest = clause.substring(comma + 1).trim();
        String module = "__hookbox_import_" + defaultName;
        return "const " + module + " = " + required + "; const " + defaultName + " = " + INTEROP + "(" + module + "); const "
                + (rest.startsWith("{") ? named(rest) : namespaceName(rest)) + " = " + module + ";";
    }

    /** {@code {a, b as c}} as a destructuring pattern: {@code {a, b: c}}. */
    private static String named(String clause) {
        return clause.replaceAll("\\s+as\\s+", ": ").replaceAll("\\s+", " ");
    }

    private static String namespaceName(String clause) {
        return clause.replaceFirst("^\\*\\s*as\\s+", "").trim();
    }

    private static String quoted(String specifier) {
        return "'" + specifier.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
