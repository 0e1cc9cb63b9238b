package io.hookbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    @Test
    void withoutSettingsTheDataLivesInAnH2DatabaseInDataAndThereIsNoAdminKey() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of());

        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("hookbox"));
        assertThat(config.apiKey()).isEmpty();
        assertThat(config.adminKey()).isEmpty();
    }

    @Test
    void aDatabaseUrlReplacesTheEmbeddedDatabase() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("HOOKBOX_DB_URL", "jdbc:postgresql://localhost/hookbox",
                "HOOKBOX_API_KEY", "hbk_known", "HOOKBOX_ADMIN_KEY", "0123456789abcdef"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/hookbox");
        assertThat(config.apiKey()).contains("hbk_known");
        assertThat(config.adminKey()).contains("0123456789abcdef");
    }

    @Test
    void anAdminKeyShorterThan16CharactersStopsTheStart() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_ADMIN_KEY", "short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOOKBOX_ADMIN_KEY").hasMessageContaining("16");
    }

    @Test
    void emptyKeysCountAsUnset() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("HOOKBOX_API_KEY", " ", "HOOKBOX_ADMIN_KEY", ""));
        assertThat(config.apiKey()).isEqualTo(Optional.empty());
        assertThat(config.adminKey()).isEqualTo(Optional.empty());
    }
}
