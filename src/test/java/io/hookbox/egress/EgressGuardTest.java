package io.hookbox.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard's decisions, made against a stub resolver: nothing here resolves a real name or opens a socket. */
class EgressGuardTest {

    private final List<String> lookups = new ArrayList<>();
    private final Map<String, List<String>> names = Map.of(
            "metadata.test", List.of("169.254.169.254"),
            "internal.test", List.of("10.1.2.3"),
            "aws-v6.test", List.of("fd00:ec2::254"),
            "rebind.test", List.of("93.184.216.34", "10.0.0.1"),
            "public.test", List.of("93.184.216.34"),
            "mapped.test", List.of("::ffff:127.0.0.1"),
            "nat64.test", List.of("64:ff9b::a9fe:a9fe"),
            "cgnat.test", List.of("100.64.0.1"));

    private final Resolver stub = host -> {
        lookups.add(host);
        List<String> found = names.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String text : found) {
            addresses.add(Addresses.literal(text).orElseThrow());
        }
        return addresses;
    };

    private EgressGuard guard(EgressPolicy policy) {
        return new EgressGuard(policy, stub);
    }

    private EgressGuard defaults() {
        return guard(EgressPolicy.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
            "http://metadata.test/latest/meta-data/, 169.254.169.254 is a link-local address",
            "http://internal.test/, 10.1.2.3 is a private address",
            "http://aws-v6.test/, fd00:ec2:0:0:0:0:0:254 is a unique-local address",
            "http://rebind.test/, 10.0.0.1 is a private address",
            "http://mapped.test/, 127.0.0.1 is a loopback address",
            "http://nat64.test/, 64:ff9b:0:0:0:0:a9fe:a9fe is a link-local address in an IPv6 form",
            "http://cgnat.test/, 100.64.0.1 is a carrier-grade NAT address"})
    void refusesNamesThatResolveToAddressesHooksMayNotReach(String url, String reason) {
        assertThatThrownBy(() -> defaults().check(url, HostRules.NONE))
                .isInstanceOf(EgressDenied.class)
                .hasMessageStartingWith("EGRESS_DENIED: " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://0177.0.0.1/",
            "http://0x7f.1/", "http://[::1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
            "http://0.0.0.0/", "http://[::]/", "http://169.254.169.254/", "http://[fd00:ec2::254]/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://192.0.2.1/", "http://[2001:db8::1]/",
            "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://198.18.0.1/", "http://[fe80::1]/"})
    void refusesEveryNumericSpellingOfARefusedAddressWithoutResolvingIt(String url) {
        assertThatThrownBy(() -> defaults().check(url, HostRules.NONE)).isInstanceOf(EgressDenied.class);
        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "ftp://public.test/, only http and https",
            "file:///etc/passwd, only http and https",
            "http://user:pass@public.test/, user name or password",
            "http://public.test:22/, port 22 is not allowed",
            "http://08.1.2.3/, neither a valid IPv4 address nor a host name",
            "http://unknown.test/, could not be resolved",
            "/relative, not an absolute"})
    void refusesWhatIsNotAPlainHttpUrlToAnAllowedPort(String url, String reason) {
        assertThatThrownBy(() -> defaults().check(url, HostRules.NONE)).isInstanceOf(EgressDenied.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aPublicNameIsResolvedOnceAndPinnedToTheCheckedAddresses() throws Exception {
        Target target = defaults().check("https://Public.Test/path?q=1", HostRules.NONE);

        assertThat(lookups).containsExactly("public.test");
        assertThat(target.host()).isEqualTo("public.test");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    void allowHostsLetsAnOperatorReachAnInternalServiceByNameSuffixOrRange() throws Exception {
        EgressPolicy policy = policy(List.of("internal.test", "*.corp.test", "169.254.0.0/16:8080"), List.of());
        assertThat(guard(policy).check("http://internal.test/", HostRules.NONE).addresses())
                .extracting(InetAddress::getHostAddress).containsExactly("10.1.2.3");
        assertThat(guard(policy).check("http://169.254.169.254:8080/", HostRules.NONE).port()).isEqualTo(8080);
        assertThatThrownBy(() -> guard(policy).check("http://169.254.169.254/", HostRules.NONE))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> guard(policy).check("http://metadata.test:8081/", HostRules.NONE))
                .hasMessageContaining("port 8081");
    }

    @Test
    void denyHostsWinsOverEverything() {
        EgressPolicy policy = policy(List.of("public.test"), List.of("public.test", "93.184.216.0/24"));
        assertThatThrownBy(() -> guard(policy).check("http://public.test/", HostRules.NONE))
                .hasMessageContaining("denyHosts");
        assertThatThrownBy(() -> guard(policy(List.of(), List.of("93.184.216.0/24")))
                .check("http://public.test/", HostRules.NONE)).hasMessageContaining("93.184.216.34 is in the server's denyHosts");
    }

    @Test
    void aTenantListNarrowsButNeverWidens() throws Exception {
        HostRules tenant = HostRules.parse(List.of("public.test", "internal.test"), "allowHosts");
        assertThat(defaults().check("http://public.test/", tenant).host()).isEqualTo("public.test");
        assertThatThrownBy(() -> defaults().check("http://rebind.test/", tenant))
                .hasMessageContaining("not in this tenant's allowed hosts");
        assertThatThrownBy(() -> defaults().check("http://internal.test/", tenant))
                .hasMessageContaining("10.1.2.3 is a private address");
        assertThat(lookups).doesNotContain("rebind.test");
    }

    @Test
    void badPolicyEntriesAreRefusedWithTheirField() {
        assertThatThrownBy(() -> policy(List.of("exa mple.com"), List.of()).validate())
                .hasMessageContaining("egress.allowHosts").hasMessageContaining("exa mple.com");
        assertThatThrownBy(() -> policy(List.of("host:99999"), List.of()).validate())
                .hasMessageContaining("port");
    }

    private static EgressPolicy policy(List<String> allow, List<String> deny) {
        EgressPolicy d = EgressPolicy.DEFAULT;
        return new EgressPolicy(true, d.allowedPorts(), allow, deny, d.maxRedirects(), d.maxRequestsPerRun(),
                d.maxConcurrentPerRun(), d.maxRequestBytes(), d.maxResponseBytes(), d.connectTimeoutMs(),
                d.requestsPerMinute());
    }
}
