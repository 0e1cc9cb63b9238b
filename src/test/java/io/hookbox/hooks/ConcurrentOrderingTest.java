package io.hookbox.hooks;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.errors.HookboxException;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class ConcurrentOrderingTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 40;
    private static final List<String> TYPES = List.of("pre-login", "post-login");
    private static final String CONTENT = "function handle(data, callback) { callback(null, data); }";
    /** What a client racing others may be told; anything else is a bug. */
    private static final Set<String> RACE_OUTCOMES = Set.of("not_found", "version_conflict", "order_mismatch", "position_out_of_range");

    @TempDir
    Path dataDir;
    private final Backend backend;

    ConcurrentOrderingTest(Backend backend) {
        this.backend = backend;
    }

    @Test
    void underConcurrentChangesEveryTypeStaysADensePermutationAndNoHookIsLost() throws Exception {
        try (TestServer server = TestServer.start(backend, dataDir)) {
            String tenantId = server.newTenant().id();
            HookService hooks = server.hooks();
            Set<String> created = ConcurrentHashMap.newKeySet();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> clients = new ArrayList<>();
                for (int thread = 0; thread < THREADS; thread++) {
                    int client = thread;
                    clients.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                            act(hooks, tenantId, "client" + client + "-" + i, created, deleted);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> client : clients) {
                    client.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            List<Hook> stored = hooks.list(tenantId, Optional.empty());
            Set<String> expected = new HashSet<>(created);
            expected.removeAll(deleted);
            assertThat(stored).extracting(Hook::id).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(created).hasSizeGreaterThan(THREADS * 5);
            assertThat(deleted).isNotEmpty();
            for (String type : TYPES) {
                List<Integer> positions = stored.stream().filter(hook -> hook.type().equals(type)).map(Hook::position).toList();
                assertThat(positions).as(type).containsExactlyElementsOf(IntStream.range(0, positions.size()).boxed().toList());
            }
        }
    }

    private static void act(HookService hooks, String tenantId, String name, Set<String> created, Set<String> deleted) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String type = TYPES.get(random.nextInt(TYPES.size()));
        List<Hook> ofType = hooks.list(tenantId, Optional.of(type));
        int choice = ofType.size() < 3 ? 0 : random.nextInt(5);
        try {
            switch (choice) {
                case 0 -> created.add(hooks.create(tenantId, new NewHook(name, null, type, CONTENT, null, null, null), null).id());
                case 1 -> {
                    String id = pick(ofType).id();
                    hooks.delete(tenantId, id, null);
                    deleted.add(id);
                }
                case 2 -> hooks.move(tenantId, pick(ofType).id(), random.nextInt(ofType.size()), null);
                case 3 -> {
                    List<String> ids = new ArrayList<>(ofType.stream().map(Hook::id).toList());
                    Collections.shuffle(ids);
                    hooks.reorder(tenantId, type, ids, null);
                }
                default -> {
                    Hook hook = pick(ofType);
                    String otherType = TYPES.get((TYPES.indexOf(type) + 1) % TYPES.size());
                    hooks.patch(tenantId, hook.id(), new HookPatch(null, null, otherType, null, null, null, hook.version(), null), null);
                }
            }
        } catch (HookboxException e) {
            assertThat(RACE_OUTCOMES).as(e.code() + ": " + e.getMessage()).contains(e.code());
        }
    }

    private static Hook pick(List<Hook> hooks) {
        return hooks.get(ThreadLocalRandom.current().nextInt(hooks.size()));
    }
}
