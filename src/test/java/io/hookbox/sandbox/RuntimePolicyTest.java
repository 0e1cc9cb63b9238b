package io.hookbox.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimePolicyTest {

    @Test
    void theRepositoryPolicyFileHoldsExactlyTheDefaults() {
        assertThat(RuntimePolicy.load(Path.of("sandbox-policy.json"))).isEqualTo(RuntimePolicy.DEFAULT);
        assertThat(RuntimePolicy.DEFAULT.limits().timeoutMs()).isEqualTo(10_000);
    }

    @Test
    void fieldsLeftOutKeepTheirDefaults() {
        RuntimePolicy policy = RuntimePolicy.parse("{\"limits\": {\"timeoutMs\": 3000}}", "test");
        assertThat(policy.limits().timeoutMs()).isEqualTo(3000);
        assertThat(policy.limits().cpuTimeMs()).isEqualTo(RuntimePolicy.DEFAULT.limits().cpuTimeMs());
        assertThat(policy.workers()).isEqualTo(RuntimePolicy.DEFAULT.workers());
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"limits\": {\"timeoutMillis\": 3000}}", "test"))
                .isInstanceOf(RuntimePolicy.InvalidPolicyException.class)
                .hasMessageContaining("limits.timeoutMillis");
    }

    @Test
    void aWrongTypeIsRefusedByName() {
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"workers\": {\"count\": \"two\"}}", "test"))
                .isInstanceOf(RuntimePolicy.InvalidPolicyException.class)
                .hasMessageContaining("count");
    }

    @Test
    void aValueOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"limits\": {\"timeoutMs\": 0}}", "test"))
                .isInstanceOf(RuntimePolicy.InvalidPolicyException.class)
                .hasMessageContaining("limits.timeoutMs").hasMessageContaining("at least");
    }

    @Test
    void aSectionThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"queue\": 5}", "test"))
                .hasMessageContaining("'queue' must be an object");
        assertThatThrownBy(() -> RuntimePolicy.parse("[1]", "test")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> RuntimePolicy.parse("{", "test")).hasMessageContaining("not valid JSON");
    }

    @Test
    void aMissingFileIsReportedWithItsPath() {
        assertThatThrownBy(() -> RuntimePolicy.load(Path.of("no-such-policy.json")))
                .hasMessageContaining("no-such-policy.json");
    }

    @Test
    void theOutboxSectionIsReadAndChecked() {
        RuntimePolicy policy = RuntimePolicy.parse("{\"outbox\": {\"maxAttempts\": 3, \"initialDelayMs\": 100}}", "test");
        assertThat(policy.outbox().maxAttempts()).isEqualTo(3);
        assertThat(policy.outbox().initialDelayMs()).isEqualTo(100);
        assertThat(policy.outbox().maxDelayMs()).isEqualTo(RuntimePolicy.DEFAULT.outbox().maxDelayMs());
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"outbox\": {\"maxAttempts\": 0}}", "test"))
                .hasMessageContaining("outbox.maxAttempts");
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"outbox\": {\"initialDelayMs\": 5000, \"maxDelayMs\": 10}}", "test"))
                .hasMessageContaining("outbox.maxDelayMs");
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"outbox\": {\"leaseMs\": 5000}}", "test"))
                .hasMessageContaining("outbox.leaseMs").hasMessageContaining("limits.timeoutMs");
    }

    @Test
    void theEgressSectionIsReadAndItsHostEntriesChecked() {
        RuntimePolicy policy = RuntimePolicy.parse(
                "{\"egress\": {\"allowHosts\": [\"crm.internal\", \"10.0.0.0/8:8443\"], \"maxRequestsPerRun\": 3}}", "test");
        assertThat(policy.egress().allowHosts()).containsExactly("crm.internal", "10.0.0.0/8:8443");
        assertThat(policy.egress().maxRequestsPerRun()).isEqualTo(3);
        assertThat(policy.egress().allowedPorts()).containsExactly(80, 443);
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"egress\": {\"denyHosts\": [\"a b\"]}}", "test"))
                .hasMessageContaining("egress.denyHosts");
        assertThatThrownBy(() -> RuntimePolicy.parse("{\"egress\": {\"maxRedirects\": -1}}", "test"))
                .hasMessageContaining("egress.maxRedirects");
    }
}
