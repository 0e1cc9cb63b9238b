package io.hookbox.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_hash_matches_its_password_only() {
        String hash = hasher.hash("correct horse");

        assertThat(hasher.matches("correct horse", hash)).isTrue();
        assertThat(hasher.matches("wrong horse", hash)).isFalse();
    }

    @Test
    void the_decoy_for_unknown_users_costs_what_a_real_check_costs() {
        String real = hasher.hash("anything");
        String parameters = real.substring(0, real.indexOf('$', real.indexOf("m=")));

        assertThat(PasswordHasher.DECOY).startsWith(parameters + "$");
        assertThat(hasher.matchesNobody("decoy password that no one has")).isFalse();
    }
}
