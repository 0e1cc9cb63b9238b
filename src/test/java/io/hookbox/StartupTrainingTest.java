package io.hookbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.sandbox.RuntimePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTrainingTest {

    @TempDir
    Path dir;

    @Test
    void trains_on_the_policy_the_server_would_read() {
        assertThat(StartupTraining.userPolicy(Map.of("HOOKBOX_POLICY", "/etc/hookbox/policy.json")))
                .isEqualTo(Path.of("/etc/hookbox/policy.json"));
        assertThat(StartupTraining.userPolicy(Map.of("HOOKBOX_PUBLIC_URL", "not a url at all")))
                .isEqualTo(ServerConfig.forTesting(0, dir, "hbk_x").policyFile());
    }

    @Test
    void the_training_policy_keeps_the_users_limits_with_one_cold_worker_per_lane() throws IOException {
        Path user = dir.resolve("user.json");
        Files.writeString(user, """
                {"limits": {"timeoutMs": 1234}, "workers": {"count": 4, "spares": 2, "warmupRuns": 400, "heapMb": 256}}
                """);

        Path training = StartupTraining.writeTrainingPolicy(user, dir.resolve("training.json"));

        JsonNode workers = new ObjectMapper().readTree(training.toFile()).get("workers");
        assertThat(workers.get("count").asInt()).isEqualTo(1);
        assertThat(workers.get("spares").asInt()).isZero();
        assertThat(workers.get("warmupRuns").asInt()).isZero();
        RuntimePolicy loaded = RuntimePolicy.load(training);
        assertThat(loaded.limits().timeoutMs()).isEqualTo(1234);
        assertThat(loaded.workers().heapMb()).isEqualTo(256);
    }

    @Test
    void without_a_policy_file_the_training_uses_the_defaults_cut_down() throws IOException {
        Path training = StartupTraining.writeTrainingPolicy(dir.resolve("missing.json"), dir.resolve("training.json"));

        assertThat(RuntimePolicy.load(training).workers().count()).isEqualTo(1);
    }

    @Test
    void the_training_server_reads_nothing_of_the_users_environment_but_its_policy() {
        ServerConfig config = ServerConfig.fromEnvironment(StartupTraining.environment(dir.resolve("p.json"), dir.resolve("data")));

        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.port()).isZero();
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.policyFile()).isEqualTo(dir.resolve("p.json"));
    }
}
