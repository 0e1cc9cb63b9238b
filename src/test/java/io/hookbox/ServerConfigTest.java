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
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true"));

        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("hookbox"));
        assertThat(config.apiKey()).isEmpty();
        assertThat(config.adminKey()).isEmpty();
    }

    @Test
    void aDatabaseUrlReplacesTheEmbeddedDatabase() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("HOOKBOX_DB_URL", "jdbc:postgresql://localhost/hookbox",
                "HOOKBOX_API_KEY", "hbk_known", "HOOKBOX_ADMIN_KEY", "0123456789abcdef", "HOOKBOX_PUBLIC_URL", "https://id.example.com/"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/hookbox");
        assertThat(config.apiKey()).contains("hbk_known");
        assertThat(config.adminKey()).contains("0123456789abcdef");
    }

    @Test
    void anAdminKeyShorterThan16CharactersStopsTheStart() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_ADMIN_KEY", "short", "HOOKBOX_DEV", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOOKBOX_ADMIN_KEY").hasMessageContaining("16");
    }

    @Test
    void emptyKeysCountAsUnset() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("HOOKBOX_API_KEY", " ", "HOOKBOX_ADMIN_KEY", "", "HOOKBOX_DEV", "true"));
        assertThat(config.apiKey()).isEqualTo(Optional.empty());
        assertThat(config.adminKey()).isEqualTo(Optional.empty());
    }

    @Test
    void outsideDevelopmentModeAPublicUrlIsRequired() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOOKBOX_PUBLIC_URL").hasMessageContaining("HOOKBOX_DEV");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_PUBLIC_URL", "id.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThat(ServerConfig.fromEnvironment(Map.of("HOOKBOX_PUBLIC_URL", "https://id.example.com/")).exposure().publicUrl())
                .contains("https://id.example.com");
    }

    @Test
    void trustedProxiesMustBeAddressesOrRanges() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true", "HOOKBOX_TRUSTED_PROXIES", "proxy.local")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOOKBOX_TRUSTED_PROXIES");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true", "HOOKBOX_TRUSTED_PROXIES", "10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    @Test
    void theCustomClaimsCapDefaultsTo4096BytesAndMustBeAPositiveNumber() {
        assertThat(ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true")).maxCustomClaimsBytes()).isEqualTo(4096);
        assertThat(ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true", "HOOKBOX_MAX_CUSTOM_CLAIMS_BYTES", "1024"))
                .maxCustomClaimsBytes()).isEqualTo(1024);
        for (String wrong : new String[] {"0", "-5", "4k", "99999999999"}) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("HOOKBOX_DEV", "true", "HOOKBOX_MAX_CUSTOM_CLAIMS_BYTES", wrong)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("HOOKBOX_MAX_CUSTOM_CLAIMS_BYTES").hasMessageContaining("positive whole number");
        }
    }
}
