package io.hookbox.sandbox.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ES-module-to-CommonJS rewrite of package files: what it finds, what it keeps, and what it never emits. */
class EsModuleSourceTest {

    @Test
    void onlyTopLevelStatementsAreModuleSyntax() {
        assertThat(EsModuleSource.hasModuleSyntax("export const a = 1;")).isTrue();
        assertThat(EsModuleSource.hasModuleSyntax("import x from 'x';")).isTrue();
        assertThat(EsModuleSource.hasModuleSyntax("import 'side-effect';")).isTrue();
        assertThat(EsModuleSource.hasModuleSyntax("""
                // export const a = 1;
                /* import x from 'x' */
                const s = 'export default 1', t = `import y from ${"'y'"}`, r = /export {a}/;
                const lazy = import('x'); const meta = obj.import; const o = { export: 1, import: 2 };
                function f() { return 1 } module.exports = { f };""")).isFalse();
    }

    @Test
    void linesAreKeptAndStatementsHoisted() {
        String out = EsModuleSource.toCommonJs("""
                import a from './a.js';
                import { b as c, "d e" as d } from './b.js';
                export const x = c + 1, y = 2;
                export default function main() { return a; }
                export * from './star.js';
                export { x as renamed };""");
        String[] lines = out.split("\n", -1);
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).contains("require(\"./a.js\")").contains("require(\"./b.js\")").contains("require(\"./star.js\")")
                .contains("\"d e\": d").contains("\"b\": c").contains("Object.defineProperty(exports, \"renamed\"");
        assertThat(lines[2]).isEqualTo("const x = c + 1, y = 2;");
        assertThat(lines[3]).isEqualTo("function main() { return a; }");
        assertThat(lines[4]).isEmpty();
    }

    @Test
    void craftedNamesReachTheOutputOnlyAsStringLiterals() {
        String out = EsModuleSource.toCommonJs("""
                const a = 1;
                export { a as "x\\"); globalThis.pwned = (\\"" };
                export { a as "\\u2028y" } from './m.js';
                export * as "z\\\\" from './n.js';""");
        assertThat(out).doesNotContain("globalThis.pwned = (\"\"")
                .contains("\"x\\\"); globalThis.pwned = (\\\"\"")
                .contains("\"\\u2028y\"")
                .contains("\"z\\\\\"");
        assertThatThrownBy(() -> EsModuleSource.toCommonJs("export { \"a); evil(\" as b };"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a local name");
        assertThatThrownBy(() -> EsModuleSource.toCommonJs("import { \"a-b\" } from 'x';"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a local name");
        assertThatThrownBy(() -> EsModuleSource.toCommonJs("import x from y;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a string at line 1");
    }
}
