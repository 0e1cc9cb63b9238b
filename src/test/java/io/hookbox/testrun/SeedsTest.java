package io.hookbox.testrun;

import io.hookbox.errors.HookboxException;
import org.junit.jupiter.api.Test;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedsTest {

    @Test
    void aGivenSeedIsKept() {
        assertThat(Seeds.fromJson(json("0"))).isZero();
        assertThat(Seeds.fromJson(json("9007199254740991"))).isEqualTo(Seeds.MAX);
        assertThat(Seeds.fromText("42")).isEqualTo(42);
    }

    @Test
    void aMissingSeedIsChosenAtRandomWithinTheJavaScriptSafeRange() {
        for (int i = 0; i < 100; i++) {
            assertThat(Seeds.fromJson(null)).isBetween(0L, Seeds.MAX);
            assertThat(Seeds.fromText(null)).isBetween(0L, Seeds.MAX);
        }
        assertThat(Seeds.fromJson(json("null"))).isBetween(0L, Seeds.MAX);
        assertThat(Seeds.random()).isNotEqualTo(Seeds.random());
    }

    @Test
    void badSeedsAreRefusedWithTheRange() {
        for (String seed : new String[] {"-1", "9007199254740992", "1.5", "\"12\"", "true", "1e400", "99999999999999999999"}) {
            assertThatThrownBy(() -> Seeds.fromJson(json(seed))).as(seed).isInstanceOf(HookboxException.class)
                    .hasMessageContaining("0 to 9007199254740991")
                    .satisfies(e -> assertThat(((HookboxException) e).code()).isEqualTo("invalid_seed"));
        }
        for (String seed : new String[] {"-1", "9007199254740992", "1.5", "abc", "12345678901234567"}) {
            assertThatThrownBy(() -> Seeds.fromText(seed)).as(seed).isInstanceOf(HookboxException.class);
        }
    }
}
