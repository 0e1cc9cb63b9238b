package io.hookbox.sandbox.supervisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceKeyTest {

    private static final String KILLER = "function g() { try { return g(); } catch (e) { return g(); } }\n"
            + "function handle(d, cb) { g(); }";

    @Test
    void whitespaceAndCommentsDoNotChangeTheKey() {
        String reformatted = "/* found it online */\nfunction g(){try{return g();}catch(e){return g();}} // again\n"
                + "\tfunction   handle(d,cb){\n  g();\n}\n";
        assertThat(SourceKey.of(reformatted)).isEqualTo(SourceKey.of(KILLER));
    }

    @Test
    void namesLiteralsAndOrderDo() {
        assertThat(SourceKey.of(KILLER.replace("g()", "h()"))).isNotEqualTo(SourceKey.of(KILLER));
        assertThat(SourceKey.of("cb(null, 'a b')")).isNotEqualTo(SourceKey.of("cb(null, 'ab')"));
        assertThat(SourceKey.of("var a = 1; var b = 2;")).isNotEqualTo(SourceKey.of("var b = 2; var a = 1;"));
    }

    @Test
    void commentMarkersInsideStringsTemplatesAndRegularExpressionsAreCode() {
        assertThat(SourceKey.normalise("x = '// not a comment'; y = 1")).isEqualTo("x = '// not a comment' ; y = 1");
        assertThat(SourceKey.normalise("x = `a /* ${ '}' + b } */`")).isEqualTo("x = `a /* ${ '}' + b } */`");
        assertThat(SourceKey.normalise("return /a\\/\\/b[/]/g.test(s) // tail")).isEqualTo("return /a\\/\\/b[/]/g . test ( s )");
        assertThat(SourceKey.normalise("a = b / c / d")).isEqualTo("a = b / c / d");
    }

    @Test
    void identifiersStayApart() {
        assertThat(SourceKey.normalise("return  x")).isEqualTo("return x");
        assertThat(SourceKey.of("returnx")).isNotEqualTo(SourceKey.of("return x"));
    }
}
