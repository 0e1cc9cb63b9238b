package io.hookbox.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTest {

    @Test
    void the_key_is_nfkc_case_folded_and_stripped() {
        assertThat(Identifiers.key(" Ｆｒａｎｋ\u3000")).isEqualTo("frank");
        assertThat(Identifiers.key("BOB@Example.COM")).isEqualTo("bob@example.com");
    }

    @Test
    void invisible_mixed_script_and_overlong_identifiers_are_refused_and_allowed_mixes_pass() {
        assertThat(Identifiers.lookalikeProblem("fra\u200bnk")).isPresent();
        assertThat(Identifiers.lookalikeProblem("fr\u0430nk")).isPresent();
        assertThat(Identifiers.lookalikeProblem("\u0438\u0432\u0430\u043d@example.com")).isEmpty();
        assertThat(Identifiers.lookalikeProblem("tanaka田中たなか")).isEmpty();
        assertThat(Identifiers.lookalikeProblem("\uFDFA".repeat(30))).hasValueSatisfying(problem -> assertThat(problem).contains("normalised"));
    }
}
