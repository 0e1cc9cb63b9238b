package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeldSourcesTest {

    private final HeldSources held = new HeldSources();

    @Test
    void a_source_sent_whole_once_is_found_by_its_digest_afterwards() {
        String source = "function handle(d, cb) { cb(null, d); }";
        assertThat(held.whole(run(1, source)).source()).isEqualTo(source);

        ToWorker.Run named = held.whole(run(2, source).withSource(null));

        assertThat(named.source()).isEqualTo(source);
        assertThat(named.id()).isEqualTo(2);
    }

    @Test
    void a_digest_the_worker_never_received_or_has_forgotten_is_missing() {
        assertThat(held.whole(run(1, "never sent").withSource(null))).isNull();

        held.whole(run(2, "first"));
        for (int i = 0; i < SourceDigests.CAPACITY; i++) {
            held.whole(run(3 + i, "source " + i));
        }

        assertThat(held.whole(run(9_999, "first").withSource(null))).isNull();
        assertThat(held.whole(run(10_000, "source 0").withSource(null))).isNotNull();
    }

    private static ToWorker.Run run(long id, String source) {
        return new ToWorker.Run(id, source, "{}", false, null, HookPackages.NONE, Map.of(), null, null, SourceDigests.of(source));
    }
}
