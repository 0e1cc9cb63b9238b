package io.hookbox.packages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryLocationTest {

    @TempDir
    Path home;

    @Test
    void hookboxsOwnVariableComesFirst() throws IOException {
        Files.writeString(home.resolve(".npmrc"), "registry=http://npmrc.invalid/\n");
        Optional<RegistryLocation> found = RegistryLocation.find(Map.of("HOOKBOX_NPM_REGISTRY", "http://own.invalid",
                "npm_config_registry", "http://env.invalid/"), home, () -> Optional.of("http://npm.invalid/"));
        assertThat(found.orElseThrow().url().toString()).isEqualTo("http://own.invalid/");
    }

    @Test
    void thenNpmsEnvironmentVariableThenTheNpmrcThenNpmItself() throws IOException {
        assertThat(RegistryLocation.find(Map.of("npm_config_registry", "http://env.invalid/"), home, Optional::empty)
                .orElseThrow().url().toString()).isEqualTo("http://env.invalid/");
        assertThat(RegistryLocation.find(Map.of(), home, () -> Optional.of("http://npm.invalid/"))
                .orElseThrow().url().toString()).isEqualTo("http://npm.invalid/");
        Files.writeString(home.resolve(".npmrc"), "; a comment\nregistry = \"http://npmrc.invalid/npm/\"\n"
                + "//npmrc.invalid/:_authToken=wrong\n//npmrc.invalid/npm/:_authToken=${NPM_TOKEN}\n");
        RegistryLocation found = RegistryLocation.find(Map.of("NPM_TOKEN", "s3cret"), home, Optional::empty).orElseThrow();
        assertThat(found.url().toString()).isEqualTo("http://npmrc.invalid/npm/");
        assertThat(found.token()).contains("s3cret");
    }

    @Test
    void nothingConfiguredIsEmpty() {
        assertThat(RegistryLocation.find(Map.of(), home, Optional::empty)).isEmpty();
    }
}
