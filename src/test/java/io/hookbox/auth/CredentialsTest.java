package io.hookbox.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_password_hash_is_argon2id_salted_and_verifies_only_the_same_password() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$").doesNotContain("correct horse");
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
        assertThat(hasher.matches("correct horse battery", hash)).isTrue();
        assertThat(hasher.matches("correct horse batterY", hash)).isFalse();
        assertThat(hasher.matchesNobody("correct horse battery")).isFalse();
    }

    @Test
    void weak_passwords_are_refused_with_the_reason() {
        assertThat(PasswordRules.weakness("short", "ann@example.com")).contains("password must be at least 8 characters long");
        assertThat(PasswordRules.weakness("x".repeat(129) + "yz", "ann@example.com")).get().asString().contains("at most 128");
        assertThat(PasswordRules.weakness("abababab", "ann@example.com")).get().asString().contains("repeat");
        assertThat(PasswordRules.weakness("Password123", "ann@example.com")).get().asString().contains("commonly used");
        assertThat(PasswordRules.weakness("annie.smith!2024", "annie.smith@example.com")).get().asString().contains("email");
        assertThat(PasswordRules.weakness("tulip-orbit-canyon", "ann@example.com")).isEmpty();
        assertThat(PasswordRules.weakness("パスワードは長いです", "ann@example.com")).isEmpty();
    }

    @Test
    void email_addresses_are_checked_and_normalized() {
        assertThat(EmailAddress.problem("ann@example.com")).isEmpty();
        assertThat(EmailAddress.problem("ann.o'neil+tag@mail.example.co.uk")).isEmpty();
        assertThat(EmailAddress.problem("ann@localhost")).isPresent();
        assertThat(EmailAddress.problem("ann example.com")).isPresent();
        assertThat(EmailAddress.problem("a@b@example.com")).isPresent();
        assertThat(EmailAddress.problem("")).contains("email is required");
        assertThat(EmailAddress.normalize("  Ann@Example.COM ")).isEqualTo("ann@example.com");
    }
}
