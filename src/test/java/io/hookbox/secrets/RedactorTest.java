package io.hookbox.secrets;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @Test
    void everyOccurrenceOfAValueIsReplacedByItsName() {
        Redactor redactor = Redactor.of(Map.of("TOKEN", "tok-123", "KEY", "k9"));

        assertThat(redactor.redact("Bearer tok-123 and tok-123, key k9!")).isEqualTo("Bearer [secret TOKEN] and [secret TOKEN], key [secret KEY]!");
        assertThat(redactor.redact("nothing here")).isEqualTo("nothing here");
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void aValueInsideALongerOneGivesTheLongerOnesName() {
        Redactor redactor = Redactor.of(Map.of("SHORT", "abc", "LONG", "xxabcxx"));

        assertThat(redactor.redact("[xxabcxx] [abc]")).isEqualTo("[[secret LONG]] [[secret SHORT]]");
    }

    @Test
    void overlappingValuesLeaveNoCharacterOfEither() {
        Redactor redactor = Redactor.of(Map.of("A", "abc", "B", "bcd"));

        assertThat(redactor.redact("_abcd_")).isEqualTo("_[secret A][secret B]_");
        assertThat(redactor.redact("_bcdabc_")).isEqualTo("_[secret B][secret A]_");
        assertThat(Redactor.of(Map.of("R", "aa")).redact("aaa")).as("a value overlapping itself").isEqualTo("[secret R][secret R]");
    }

    @Test
    void aNameThatLooksLikeAnotherValueIsNotRedactedAgain() {
        Redactor redactor = Redactor.of(Map.of("X", "secret", "Y", "Z"));

        assertThat(redactor.redact("secret Z")).isEqualTo("[secret X] [secret Y]");
    }

    @Test
    void theValueIsFoundAsJsonAndUrlsWriteIt() {
        Redactor redactor = Redactor.of(Map.of("PASS", "p\"w d/&"));

        assertThat(redactor.redact("{\"x\":\"p\\\"w d/&\"}")).isEqualTo("{\"x\":\"[secret PASS]\"}");
        assertThat(redactor.redact("https://api.test/?q=p%22w+d%2F%26")).isEqualTo("https://api.test/?q=[secret PASS]");
        assertThat(redactor.redact("https://api.test/p%22w%20d%2F%26")).isEqualTo("https://api.test/[secret PASS]");
    }

    @Test
    void emptyValuesAndNoSecretsChangeNothing() {
        assertThat(Redactor.of(Map.of("EMPTY", "")).redact("text")).isEqualTo("text");
        assertThat(Redactor.of(Map.of("EMPTY", "")).isEmpty()).isTrue();
        assertThat(Redactor.NONE.redact("text")).isEqualTo("text");
    }
}
