package io.hookbox.packages;

import io.hookbox.sandbox.CoreModules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The npm packages a hook's code names in {@code require('...')} and {@code import ... from '...'}, read from its text. */
public final class RequiredPackages {

    private static final Pattern SPECIFIER = Pattern.compile(
            "(?:\\brequire\\s*\\(\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+(?:[\\w*{}\\s,$]+\\s+from\\s+)?|\\bfrom\\s+)(['\"])([^'\"\\s]+)\\1");

    private RequiredPackages() {
    }

    /** The packages {@code code} requires that are not among {@code installed}; Node's core modules are not packages. */
    public static List<String> missing(String code, Collection<String> installed) {
        Set<String> missing = new LinkedHashSet<>();
        Matcher matcher = SPECIFIER.matcher(code);
        while (matcher.find()) {
            String specifier = matcher.group(2);
            if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) {
                continue;
            }
            String[] parts = specifier.split("/", 3);
            String name = specifier.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
            if (!CoreModules.isCore(name) && !installed.contains(name)) {
                missing.add(name);
            }
        }
        return List.copyOf(missing);
    }
}
