package io.hookbox.sandbox;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a hook's source is written: a {@code handle(data, callback)} function, an Auth0 Action (it exports
 * {@code onExecute...} handlers) or an Auth0 Rule (the whole source is one {@code function (user, context, callback)}).
 * Read from the source alone; the worker's adapter finds the same from what the source defines when it runs.
 */
public enum HookForm {
    HANDLE, ACTION, RULE;

    private static final Pattern ACTION_HANDLER = Pattern.compile(
            "(?:\\bexports\\s*\\.\\s*|\\bexport\\s+(?:const|let|var|(?:async\\s+)?function)\\s+|[{,]\\s*(?:async\\s+)?)"
                    + "(onExecute[A-Z][A-Za-z]*)\\b");
    private static final Pattern RULE_SOURCE = Pattern.compile(
            "\\A(?:\\s|//[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*(?:async\\s+)?function\\b\\s*([A-Za-z0-9_$]*)\\s*"
                    + "\\(\\s*[A-Za-z_$][\\w$]*\\s*,\\s*[A-Za-z_$][\\w$]*\\s*,\\s*[A-Za-z_$][\\w$]*\\s*\\)", Pattern.DOTALL);
    private static final Pattern HANDLE_DEFINED = Pattern.compile("\\bfunction\\s+handle\\b|\\bhandle\\s*=|\\bexports\\b");

    public static HookForm of(String source) {
        if (!actionHandlers(source).isEmpty()) {
            return ACTION;
        }
        Matcher rule = RULE_SOURCE.matcher(source);
        return rule.find() && !"handle".equals(rule.group(1)) && !HANDLE_DEFINED.matcher(source).find() ? RULE : HANDLE;
    }

    /** The Auth0 Action handlers the source exports, such as {@code onExecutePostLogin}; empty when it is no Action. */
    public static Set<String> actionHandlers(String source) {
        Set<String> handlers = new LinkedHashSet<>();
        Matcher matcher = ACTION_HANDLER.matcher(source);
        while (matcher.find()) {
            handlers.add(matcher.group(1));
        }
        return handlers;
    }

    /** A Rule as a script whose value is its function: wrapped in parentheses, on the same lines. */
    public static String ruleExpression(String source) {
        String trimmed = source.stripTrailing();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return "(" + trimmed + "\n)";
    }

    public String json() {
        return name().toLowerCase();
    }
}
