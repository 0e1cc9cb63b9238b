package io.hookbox.pipeline;

import io.hookbox.hooks.HookPatch;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.NewHook;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CachedHookSourceTest {

    private static final String HANDLE = "function handle(data, callback) { callback(null, data); }";

    /** A source that records what it was asked. */
    private static final class CountingSource implements HookSource {
        final List<String> asked = new ArrayList<>();
        List<PipelineHook> hooks = List.of(new PipelineHook("h1", "first", HANDLE, OnError.DENY, 1));

        @Override
        public List<PipelineHook> hooksInOrder(String tenantId, String type) {
            asked.add("list " + tenantId + " " + type);
            return hooks;
        }

        @Override
        public HookPackages packagesOf(String tenantId, String hookId, Integer version) {
            asked.add("packages " + hookId + "@" + version);
            return HookPackages.NONE;
        }

        @Override
        public Map<String, String> secretsOf(String tenantId, String hookId) {
            asked.add("secrets " + hookId);
            return Map.of("TOKEN", "t");
        }
    }

    private final CountingSource source = new CountingSource();
    private final AtomicLong generation = new AtomicLong(7);
    private final CachedHookSource cached = new CachedHookSource(source, tenant -> OptionalLong.of(generation.get()));

    @Test
    void a_flow_at_the_same_generation_reads_nothing_again() {
        for (int i = 0; i < 3; i++) {
            cached.hooksInOrder("acme", "post-login");
            cached.packagesOf("acme", "h1", 1);
            cached.secretsOf("acme", "h1");
        }

        assertThat(source.asked).containsExactly("list acme post-login", "packages h1@1", "secrets h1");
    }

    @Test
    void a_new_generation_reads_everything_again() {
        cached.hooksInOrder("acme", "post-login");
        cached.secretsOf("acme", "h1");
        source.hooks = List.of();
        generation.incrementAndGet();

        assertThat(cached.hooksInOrder("acme", "post-login")).isEmpty();
        cached.secretsOf("acme", "h1");
        assertThat(source.asked).containsExactly("list acme post-login", "secrets h1", "list acme post-login", "secrets h1");
    }

    @Test
    void types_tenants_and_drafts_are_kept_apart() {
        cached.hooksInOrder("acme", "post-login");
        cached.hooksInOrder("acme", "pre-login");
        cached.hooksInOrder("globex", "post-login");
        cached.packagesOf("acme", "h1", null);
        cached.packagesOf("acme", "h1", null);

        assertThat(source.asked).containsExactly("list acme post-login", "list acme pre-login", "list globex post-login",
                "packages h1@null", "packages h1@null");
    }

    @Test
    void every_change_to_what_flows_run_grows_the_tenants_generation() {
        TestServer server = TestServer.shared();
        String tenant = server.newTenant().id();
        HookService hooks = server.hooks();
        List<Long> seen = new ArrayList<>();
        seen.add(hooks.generationOf(tenant).orElseThrow());

        var created = hooks.create(tenant, new NewHook("first", null, "post-login", HANDLE, true, null, null), null);
        String first = created.id();
        seen.add(hooks.generationOf(tenant).orElseThrow());
        String second = hooks.create(tenant, new NewHook("second", null, "post-login", HANDLE, true, null, true), null).id();
        seen.add(hooks.generationOf(tenant).orElseThrow());
        hooks.patch(tenant, first, new HookPatch(null, null, null, null, false, null, created.version(), null), null);
        seen.add(hooks.generationOf(tenant).orElseThrow());
        hooks.reorder(tenant, "post-login", List.of(second, first), null);
        seen.add(hooks.generationOf(tenant).orElseThrow());
        hooks.deploy(tenant, second, "ship it", null, null);
        seen.add(hooks.generationOf(tenant).orElseThrow());
        server.secrets().put(tenant, second, "TOKEN", "value", null);
        seen.add(hooks.generationOf(tenant).orElseThrow());
        hooks.delete(tenant, first, null);
        seen.add(hooks.generationOf(tenant).orElseThrow());

        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(hooks.generationOf("no-such-tenant")).isEmpty();
    }
}
