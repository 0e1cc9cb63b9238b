package io.hookbox.sandbox.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A package's ES module as a CommonJS module body, so {@code require} and {@code import} load ESM-only packages
 * through hookbox's own loader (the engine's module loader needs a file system hooks do not have). The file is read
 * with a small lexer that knows strings, template literals, comments and regular expressions, so only real top-level
 * {@code import} and {@code export} statements are rewritten:
 * <ul>
 * <li>imports and {@code export ... from} become {@code require} calls, hoisted in their order onto the first line
 * as ES modules evaluate their dependencies first;</li>
 * <li>exports become getters on {@code exports} defined before the body runs (live bindings, and circular requires
 * see every name), with {@code __esModule} set, as bundlers mark a transpiled module;</li>
 * <li>{@code import.meta} and {@code import()} become a small object and a promise of the required module.</li>
 * </ul>
 * Every other character keeps its line, so errors keep their lines. Export and module names reach the output only as
 * JSON string literals, local names only when they are identifiers: a crafted name cannot become code.
 * Malformed statements are an {@link IllegalArgumentException} saying where. Not supported: top-level {@code await}
 * (the engine's SyntaxError), destructuring in an exported declaration; imported names are bound when the import
 * runs, not live.
 */
final class EsModuleSource {

    private static final String PREFIX = "__hookbox_";

    private final String code;
    private final StringBuilder body;
    private final List<String> hoisted = new ArrayList<>();
    private final Map<String, String> exported = new LinkedHashMap<>();
    private final List<String> stars = new ArrayList<>();
    private int position;
    private int modules;
    private boolean usesDefault;
    private boolean usesMeta;
    private boolean usesDynamicImport;

    private EsModuleSource(String code) {
        this.code = code;
        this.body = new StringBuilder(code.length() + 256);
    }

    /** Whether the source has a static {@code import} or an {@code export} statement at its top level. */
    static boolean hasModuleSyntax(String code) {
        return new EsModuleSource(code).scan(false);
    }

    /** The module as the body of a CommonJS module function. */
    static String toCommonJs(String code) {
        EsModuleSource source = new EsModuleSource(code);
        source.scan(true);
        return source.header() + source.body;
    }

    // ---- the scan: copies the code to body, rewriting top-level module statements when asked ----

    /** True when a module statement was found (with {@code rewrite} false, stops at the first). */
    private boolean scan(boolean rewrite) {
        boolean found = false;
        int depth = 0;
        boolean regexAllowed = true;
        while (position < code.length()) {
            char c = code.charAt(position);
            if (c == '/' && peek(1) == '/') {
                copyUntil(lineEnd(position));
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                int end = code.indexOf("*/", position + 2);
                copyUntil(end < 0 ? code.length() : end + 2);
                continue;
            }
            if (c == '\'' || c == '"') {
                copyUntil(stringEnd(position));
                regexAllowed = false;
                continue;
            }
            if (c == '`') {
                copyUntil(templateEnd(position));
                regexAllowed = false;
                continue;
            }
            if (c == '/' && regexAllowed) {
                copyUntil(regexEnd(position));
                regexAllowed = false;
                continue;
            }
            if (Character.isJavaIdentifierStart(c) && (position == 0 || !isIdentifierPart(code.charAt(position - 1)))) {
                int end = identifierEnd(position);
                String word = code.substring(position, end);
                boolean afterDot = previousSignificant(position) == '.';
                if (!afterDot && word.equals("import")) {
                    int next = skipSpace(end);
                    char following = next < code.length() ? code.charAt(next) : ' ';
                    int metaAt = following == '.' ? skipSpace(next + 1) : -1;
                    if (following == '(' || metaAt >= 0 && wordAt(metaAt, "meta")) {
                        boolean meta = following == '.';
                        if (rewrite) {
                            usesMeta |= meta;
                            usesDynamicImport |= !meta;
                            body.append(meta ? PREFIX + "meta" : PREFIX + "import");
                        }
                        position = meta ? metaAt + 4 : end;
                        regexAllowed = false;
                        continue;
                    }
                    if (depth == 0) {
                        found = true;
                        if (!rewrite) {
                            return true;
                        }
                        importStatement(end);
                        regexAllowed = true;
                        continue;
                    }
                } else if (!afterDot && word.equals("export") && depth == 0) {
                    found = true;
                    if (!rewrite) {
                        return true;
                    }
                    exportStatement(end);
                    regexAllowed = true;
                    continue;
                }
                body.append(word);
                position = end;
                regexAllowed = REGEX_AFTER_WORDS.contains(word);
                continue;
            }
            if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                depth--;
            }
            if (!Character.isWhitespace(c)) {
                regexAllowed = c != ')' && c != ']' && c != '}' && !Character.isLetterOrDigit(c) && c != '$' && c != '_';
            }
            body.append(c);
            position++;
        }
        return found;
    }

    private static final Set<String> REGEX_AFTER_WORDS = Set.of("return", "typeof", "instanceof", "in",
            "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await");

    private void importStatement(int afterKeyword) {
        int start = position;
        position = skipSpace(afterKeyword);
        if (isQuote(current())) {
            String specifier = readString();
            finishStatement(start);
            hoisted.add("require(" + quote(specifier) + ");");
            return;
        }
        String defaultName = null;
        String namespace = null;
        Map<String, String> named = null;
        if (isIdentifierStart(current())) {
            defaultName = readIdentifier();
            position = skipSpace(position);
            if (current() == ',') {
                position = skipSpace(position + 1);
            }
        }
        if (current() == '*') {
            namespace = readNamespaceAlias();
        } else if (current() == '{') {
            named = readNameList();
        }
        expectWord("from");
        String module = moduleVariable();
        String specifier = readString();
        finishStatement(start);
        hoisted.add("const " + module + " = require(" + quote(specifier) + ");");
        if (defaultName != null) {
            hoisted.add("const " + defaultName + " = " + module + " && " + module + ".__esModule ? " + module + ".default : "
                    + module + ";");
        }
        if (namespace != null) {
            hoisted.add("const " + namespace + " = " + module + ";");
        }
        if (named != null && !named.isEmpty()) {
            StringBuilder pattern = new StringBuilder("const {");
            named.forEach((local, imported) -> pattern.append(quote(imported)).append(": ").append(requireIdentifier(local)).append(", "));
            hoisted.add(pattern.append("} = ").append(module).append(";").toString());
        }
    }

    private void exportStatement(int afterKeyword) {
        int start = position;
        position = skipSpace(afterKeyword);
        if (current() == '*') {
            position = skipSpace(position + 1);
            String alias = null;
            if (wordAt(position, "as")) {
                position = skipSpace(position + 2);
                alias = isQuote(current()) ? readString() : readIdentifier();
            }
            expectWord("from");
            String module = moduleVariable();
            String specifier = readString();
            finishStatement(start);
            hoisted.add("const " + module + " = require(" + quote(specifier) + ");");
            if (alias == null) {
                stars.add(module);
            } else {
                exported.put(alias, module);
            }
            return;
        }
        if (current() == '{') {
            Map<String, String> names = readNameList();
            int afterList = position;
            position = skipSpace(position);
            if (wordAt(position, "from")) {
                position = skipSpace(position + 4);
                String module = moduleVariable();
                String specifier = readString();
                finishStatement(start);
                hoisted.add("const " + module + " = require(" + quote(specifier) + ");");
                // In `export { a as b } from`, the map holds b -> a: the exported name and the module's own name.
                names.forEach((exportedName, imported) -> exported.put(exportedName, module + "[" + quote(imported) + "]"));
                return;
            }
            position = afterList;
            finishStatement(start);
            names.forEach((exportedName, local) -> exported.put(exportedName, requireIdentifier(local)));
            return;
        }
        if (wordAt(position, "default")) {
            int afterDefault = skipSpace(position + 7);
            position = afterDefault;
            String declared = declaredName(true);
            blank(start, afterDefault);
            if (declared != null) {
                exported.put("default", declared);
            } else {
                usesDefault = true;
                exported.put("default", PREFIX + "default");
                body.append(PREFIX).append("default = ");
            }
            return;
        }
        String declared = declaredName(false);
        blank(start, position);
        if (declared == null) {
            List<String> names = declaredVariables();
            if (names.isEmpty()) {
                throw new IllegalArgumentException("unsupported export statement at line " + lineOf(start));
            }
            names.forEach(name -> exported.put(name, name));
        } else {
            exported.put(declared, declared);
        }
    }

    /** For {@code function}, {@code async function}, {@code function*} and {@code class}: the declared name, else null. */
    private String declaredName(boolean mayBeAnonymous) {
        int at = position;
        if (wordAt(at, "async")) {
            at = skipSpace(at + 5);
        }
        if (wordAt(at, "function")) {
            at = skipSpace(at + 8);
            if (at < code.length() && code.charAt(at) == '*') {
                at = skipSpace(at + 1);
            }
        } else if (wordAt(at, "class")) {
            at = skipSpace(at + 5);
        } else {
            return null;
        }
        if (at < code.length() && isIdentifierStart(code.charAt(at)) && !wordAt(at, "extends")) {
            return code.substring(at, identifierEnd(at));
        }
        if (!mayBeAnonymous) {
            throw new IllegalArgumentException("an exported declaration needs a name (line " + lineOf(at) + ")");
        }
        return null;
    }

    /** The names {@code export const|let|var} declares: the first, and any after a comma at the statement's top level. */
    private List<String> declaredVariables() {
        List<String> names = new ArrayList<>();
        int at = position;
        String keyword = null;
        for (String candidate : new String[] {"const", "let", "var"}) {
            if (wordAt(at, candidate)) {
                keyword = candidate;
            }
        }
        if (keyword == null) {
            return names;
        }
        at = skipSpace(at + keyword.length());
        if (at >= code.length() || !isIdentifierStart(code.charAt(at))) {
            throw new IllegalArgumentException("destructuring in an export declaration is not supported (line " + lineOf(at) + ")");
        }
        names.add(code.substring(at, identifierEnd(at)));
        int depth = 0;
        for (int i = identifierEnd(at); i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(i) - 1;
            } else if (c == '`') {
                i = templateEnd(i) - 1;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                i = lineEnd(i) - 1;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && c == ';') {
                break;
            } else if (depth == 0 && c == ',') {
                int next = skipSpace(i + 1);
                if (next < code.length() && isIdentifierStart(code.charAt(next))) {
                    names.add(code.substring(next, identifierEnd(next)));
                }
            } else if (depth == 0 && c == '\n' && !continues(i)) {
                break;
            }
        }
        return names;
    }

    /** Whether a declaration goes on after the line break at {@code at}: its line ends or the next begins with an operator. */
    private boolean continues(int at) {
        char before = previousSignificant(at);
        int next = skipSpace(at);
        char after = next < code.length() ? code.charAt(next) : ';';
        return ",=+-*/%&|^?:(.[<>!".indexOf(before) >= 0 || ",=+-*/%&|^?:.[<>".indexOf(after) >= 0;
    }

    // ---- output ----

    private String header() {
        StringBuilder header = new StringBuilder("'use strict'; Object.defineProperty(exports, '__esModule', { value: true });");
        if (usesDefault) {
            header.append(" let ").append(PREFIX).append("default;");
        }
        if (usesMeta) {
            header.append(" const ").append(PREFIX).append("meta = { url: 'file://' + __filename };");
        }
        if (usesDynamicImport) {
            header.append(" const ").append(PREFIX).append("import = (specifier) => new Promise((resolve) => resolve(require(specifier)));");
        }
        exported.forEach((name, value) -> header.append(" Object.defineProperty(exports, ").append(quote(name))
                .append(", { enumerable: true, configurable: true, get: () => ").append(value).append(" });"));
        hoisted.forEach(statement -> header.append(' ').append(statement));
        for (String module : stars) {
            header.append(" for (const k of Object.keys(").append(module).append(")) if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k))")
                    .append(" Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => ").append(module)
                    .append("[k] });");
        }
        return header.append(' ').toString();
    }

    /** Replaces the statement's text by its line breaks. */
    private void blank(int start, int end) {
        for (int i = start; i < end; i++) {
            if (code.charAt(i) == '\n') {
                body.append('\n');
            }
        }
        position = end;
    }

    private void finishStatement(int start) {
        int end = skipSpaceOnLine(position);
        if (wordAt(end, "with") || wordAt(end, "assert")) {
            int open = skipSpace(end + (wordAt(end, "with") ? 4 : 6));
            if (open < code.length() && code.charAt(open) == '{') {
                int close = code.indexOf('}', open);
                end = close < 0 ? code.length() : skipSpaceOnLine(close + 1);
            }
        }
        if (end < code.length() && code.charAt(end) == ';') {
            end++;
        }
        blank(start, end);
    }

    private String moduleVariable() {
        return PREFIX + "module" + (++modules);
    }

    // ---- reading tokens ----

    private Map<String, String> readNameList() {
        Map<String, String> names = new LinkedHashMap<>();
        position = skipSpace(position + 1);
        while (current() != '}') {
            String name = isQuote(current()) ? readString() : readIdentifier();
            position = skipSpace(position);
            String alias = name;
            if (wordAt(position, "as")) {
                position = skipSpace(position + 2);
                alias = isQuote(current()) ? readString() : readIdentifier();
                position = skipSpace(position);
            }
            // For imports: local -> imported; for exports: exported -> local (both: the alias maps to the name).
            names.put(alias, name);
            if (current() == ',') {
                position = skipSpace(position + 1);
            } else if (current() != '}') {
                throw new IllegalArgumentException("unexpected '" + current() + "' in a list of names at line " + lineOf(position));
            }
        }
        position++;
        return names;
    }

    private String readNamespaceAlias() {
        position = skipSpace(position + 1);
        expectWord("as");
        return readIdentifier();
    }

    private void expectWord(String word) {
        position = skipSpace(position);
        if (!wordAt(position, word)) {
            throw new IllegalArgumentException("expected '" + word + "' at line " + lineOf(position));
        }
        position = skipSpace(position + word.length());
    }

    private String readIdentifier() {
        if (!isIdentifierStart(current())) {
            throw new IllegalArgumentException("expected a name at line " + lineOf(position));
        }
        int end = identifierEnd(position);
        String name = code.substring(position, end);
        position = end;
        return name;
    }

    private static String requireIdentifier(String name) {
        if (name.isEmpty() || !isIdentifierStart(name.charAt(0)) || !name.chars().allMatch(c -> isIdentifierPart((char) c))) {
            throw new IllegalArgumentException("'" + name + "' is not a local name that can be exported");
        }
        return name;
    }

    /** A string literal's value (the escapes a module specifier or a name needs). */
    private String readString() {
        position = skipSpace(position);
        if (!isQuote(current())) {
            throw new IllegalArgumentException("expected a string at line " + lineOf(position));
        }
        int end = stringEnd(position);
        String literal = code.substring(position + 1, end - 1);
        position = end;
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 >= literal.length()) {
                value.append(c);
                continue;
            }
            char escaped = literal.charAt(++i);
            if (escaped == 'u' && i + 4 < literal.length() && literal.charAt(i + 1) != '{') {
                value.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            }
        }
        return value.toString();
    }

    /** A JavaScript string literal holding exactly {@code text}. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029 || c > 0x7e) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    // ---- the lexer's pieces ----

    private char current() {
        return position < code.length() ? code.charAt(position) : '\0';
    }

    private char peek(int offset) {
        int at = position + offset;
        return at < code.length() ? code.charAt(at) : '\0';
    }

    private void copyUntil(int end) {
        body.append(code, position, end);
        position = end;
    }

    private int lineEnd(int from) {
        int end = code.indexOf('\n', from);
        return end < 0 ? code.length() : end;
    }

    private int stringEnd(int start) {
        char quote = code.charAt(start);
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i + 1;
            }
        }
        return code.length();
    }

    private int templateEnd(int start) {
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '`') {
                return i + 1;
            } else if (c == '$' && i + 1 < code.length() && code.charAt(i + 1) == '{') {
                i = substitutionEnd(i + 2) - 1;
            }
        }
        return code.length();
    }

    /** The end of a template's {@code ${...}}: braces counted, strings and nested templates skipped. */
    private int substitutionEnd(int from) {
        int depth = 1;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(i) - 1;
            } else if (c == '`') {
                i = templateEnd(i) - 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return code.length();
    }

    private int regexEnd(int start) {
        boolean inClass = false;
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                int end = i + 1;
                while (end < code.length() && isIdentifierPart(code.charAt(end))) {
                    end++;
                }
                return end;
            } else if (c == '\n') {
                return i;
            }
        }
        return code.length();
    }

    private int skipSpace(int from) {
        int at = from;
        while (at < code.length()) {
            char c = code.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '/' && at + 1 < code.length() && code.charAt(at + 1) == '/') {
                at = lineEnd(at);
            } else if (c == '/' && at + 1 < code.length() && code.charAt(at + 1) == '*') {
                int end = code.indexOf("*/", at + 2);
                at = end < 0 ? code.length() : end + 2;
            } else {
                break;
            }
        }
        return at;
    }

    private int skipSpaceOnLine(int from) {
        int at = from;
        while (at < code.length() && (code.charAt(at) == ' ' || code.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    private char previousSignificant(int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (!Character.isWhitespace(code.charAt(i))) {
                return code.charAt(i);
            }
        }
        return ';';
    }

    private boolean wordAt(int at, String word) {
        return code.startsWith(word, at) && (at + word.length() >= code.length() || !isIdentifierPart(code.charAt(at + word.length())));
    }

    private int identifierEnd(int start) {
        int end = start;
        while (end < code.length() && isIdentifierPart(code.charAt(end))) {
            end++;
        }
        return end;
    }

    private int lineOf(int at) {
        int line = 1;
        for (int i = 0; i < at && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '$' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '$' || c == '_' || c == '\u200c' || c == '\u200d';
    }
}
