package io.hookbox.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox table on each database: claims, leases, completions, retries, pruning; and dispatchers over it. */
@BothDatabases
class OutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final RetrySchedule SCHEDULE = new RetrySchedule(3, Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final AtomicInteger tenants = new AtomicInteger();

    private final Backend backend;
    /** A database of each test's own: a node claims due entries of every tenant. */
    private Database database;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));

    OutboxTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open(@TempDir Path dir) {
        database = Database.open(backend.jdbcUrl(dir));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void an_entry_written_in_a_rolled_back_transaction_is_not_there() {
        String tenant = newTenant();
        Outbox outbox = outbox(clock);
        assertThatThrownBy(() -> database.jdbi().useTransaction(handle -> {
            outbox.enqueue(handle, tenant, "flw_1", "post-register", List.of("hk_1"), data("ann"));
            throw new IllegalStateException("the change failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(outbox.list(tenant, all())).isEmpty();
    }

    @Test
    void a_due_entry_is_claimed_by_one_node_only_and_again_once_its_lease_ran_out() {
        String tenant = newTenant();
        Outbox outbox = outbox(clock);
        enqueue(outbox, tenant, "hk_1");

        List<OutboxEntry> first = outbox.claim("node-a", 10, LEASE);
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().attempt()).isEqualTo(1);
        assertThat(first.getFirst().data().path("name").asText()).isEqualTo("ann");
        assertThat(outbox.claim("node-b", 10, LEASE)).as("held by node-a").isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        List<OutboxEntry> second = outbox.claim("node-b", 10, LEASE);
        assertThat(second).as("node-a died mid-delivery; its lease ran out").hasSize(1);
        assertThat(second.getFirst().id()).isEqualTo(first.getFirst().id());
        assertThat(second.getFirst().attempt()).isEqualTo(2);

        assertThat(outbox.complete(first.getFirst(), "node-a", Attempt.delivered(null), SCHEDULE, 1))
                .as("node-a's late answer is not recorded").isFalse();
        assertThat(outbox.complete(second.getFirst(), "node-b", Attempt.delivered(204), SCHEDULE, 1)).isTrue();
        Delivery delivered = outbox.get(tenant, second.getFirst().id());
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(delivered.lastStatusCode()).isEqualTo(204);
        assertThat(delivered.nextAttemptAt()).isNull();
        assertThat(outbox.claim("node-a", 10, LEASE)).isEmpty();
    }

    @Test
    void a_failed_attempt_is_scheduled_again_and_the_last_one_leaves_the_entry_dead() {
        String tenant = newTenant();
        Outbox outbox = outbox(clock);
        String id = enqueue(outbox, tenant, "hk_1");

        for (int attempt = 1; attempt <= 3; attempt++) {
            OutboxEntry entry = outbox.claim("node", 10, LEASE).getFirst();
            assertThat(outbox.complete(entry, "node", Attempt.failed(503, "the receiver answered 503"), SCHEDULE, 1)).isTrue();
            Delivery delivery = outbox.get(tenant, id);
            assertThat(delivery.attempts()).isEqualTo(attempt);
            assertThat(delivery.lastStatusCode()).isEqualTo(503);
            assertThat(delivery.lastError()).isEqualTo("the receiver answered 503");
            if (attempt < 3) {
                assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(delivery.nextAttemptAt()).isEqualTo(clock.instant().plus(SCHEDULE.nominalDelay(attempt)));
                assertThat(outbox.claim("node", 10, LEASE)).as("not due yet").isEmpty();
                clock.advance(SCHEDULE.nominalDelay(attempt));
            }
        }
        Delivery dead = outbox.get(tenant, id);
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.nextAttemptAt()).isNull();
        clock.advance(Duration.ofDays(1));
        assertThat(outbox.claim("node", 10, LEASE)).isEmpty();
        assertThat(outbox.list(tenant, new DeliveryQuery(null, DeliveryStatus.DEAD, 10))).extracting(Delivery::id).containsExactly(id);
    }

    @Test
    void a_retry_brings_a_dead_entry_back_with_a_fresh_schedule_but_not_one_being_delivered() {
        String tenant = newTenant();
        Outbox outbox = outbox(clock);
        String id = enqueue(outbox, tenant, "hk_1");
        OutboxEntry claimed = outbox.claim("node", 10, LEASE).getFirst();
        assertThatThrownBy(() -> outbox.retry(tenant, id)).isInstanceOfSatisfying(HookboxException.class,
                e -> assertThat(e.code()).isEqualTo("delivery_in_progress"));
        outbox.complete(claimed, "node", Attempt.abandoned(null, "the hook was deleted"), SCHEDULE, 1);
        assertThat(outbox.get(tenant, id).status()).as("abandoned: dead at once").isEqualTo(DeliveryStatus.DEAD);

        Delivery retried = outbox.retry(tenant, id);

        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant());
        OutboxEntry again = outbox.claim("node", 10, LEASE).getFirst();
        assertThat(again.attempt()).as("the schedule starts again").isEqualTo(1);
        outbox.complete(again, "node", Attempt.failed(null, "still failing"), SCHEDULE, 1);
        assertThat(outbox.get(tenant, id).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(outbox.get(tenant, id).attempts()).isEqualTo(2);
        assertThatThrownBy(() -> outbox.retry(newTenant(), id)).isInstanceOfSatisfying(HookboxException.class,
                e -> assertThat(e.kind()).isEqualTo(HookboxException.Kind.NOT_FOUND));
    }

    @Test
    void lists_filter_by_hook_and_status_newest_first() {
        String tenant = newTenant();
        Outbox outbox = outbox(clock);
        String first = enqueue(outbox, tenant, "hk_a");
        clock.advance(Duration.ofSeconds(1));
        String second = enqueue(outbox, tenant, "hk_b");
        clock.advance(Duration.ofSeconds(1));
        String third = enqueue(outbox, tenant, "hk_a");

        assertThat(outbox.list(tenant, all())).extracting(Delivery::id).containsExactly(third, second, first);
        assertThat(outbox.list(tenant, new DeliveryQuery("hk_a", null, 10))).extracting(Delivery::id).containsExactly(third, first);
        assertThat(outbox.list(tenant, new DeliveryQuery(null, DeliveryStatus.PENDING, 1))).extracting(Delivery::id).containsExactly(third);
        assertThat(outbox.list(tenant, new DeliveryQuery(null, DeliveryStatus.DELIVERED, 10))).isEmpty();
        assertThatThrownBy(() -> DeliveryStatus.parse("lost")).hasMessageContaining("pending, failed, delivered, dead");
    }

    @Test
    void pruning_deletes_old_finished_entries_and_never_one_still_to_deliver() {
        String tenant = newTenant();
        ManualClock old = new ManualClock(clock.instant().minus(Duration.ofDays(40)));
        Outbox then = new Outbox(database.jdbi(), new RetentionPolicy(Duration.ofDays(30), 10_000)::prune, old);
        String waiting = enqueue(then, tenant, "hk_1");
        String delivered = enqueue(then, tenant, "hk_2");
        OutboxEntry entry = then.claim("node", 10, LEASE).stream().filter(e -> e.id().equals(delivered)).findFirst().orElseThrow();
        then.complete(entry, "node", Attempt.delivered(null), SCHEDULE, 1);
        Outbox now = new Outbox(database.jdbi(), new RetentionPolicy(Duration.ofDays(30), 10_000)::prune, clock);

        now.prune();

        assertThat(now.list(tenant, all())).extracting(Delivery::id).containsExactly(waiting);
    }

    @Test
    void a_dispatcher_retries_a_failing_delivery_with_growing_waits_until_it_succeeds() {
        String tenant = newTenant();
        Outbox outbox = outbox(Clock.systemUTC());
        List<Instant> attempts = Collections.synchronizedList(new ArrayList<>());
        Deliverer failsTwice = entry -> {
            attempts.add(Instant.now());
            return attempts.size() < 3 ? Attempt.failed(500, "attempt " + attempts.size() + " failed") : Attempt.delivered(200);
        };
        OutboxPolicy policy = new OutboxPolicy(3, 300, 5_000, 30_000, 100, 2);
        try (OutboxDispatcher ignored = OutboxDispatcher.start(outbox, failsTwice, policy, Clock.systemUTC())) {
            String id = enqueue(outbox, tenant, "hk_1");

            Delivery delivered = await().atMost(Duration.ofSeconds(20)).until(() -> outbox.get(tenant, id),
                    delivery -> delivery.status() == DeliveryStatus.DELIVERED);

            assertThat(delivered.attempts()).isEqualTo(3);
            assertThat(attempts).hasSize(3);
            Duration firstWait = Duration.between(attempts.get(0), attempts.get(1));
            Duration secondWait = Duration.between(attempts.get(1), attempts.get(2));
            assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(240));
            assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(480)).isGreaterThan(firstWait);
        }
    }

    @Test
    void two_dispatchers_on_one_database_deliver_each_entry_once() {
        String tenant = newTenant();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Deliverer counting = entry -> {
            deliveries.computeIfAbsent(entry.id(), id -> new AtomicInteger()).incrementAndGet();
            return Attempt.delivered(null);
        };
        OutboxPolicy policy = new OutboxPolicy(3, 300, 5_000, 30_000, 20, 3);
        Outbox nodeA = outbox(Clock.systemUTC());
        Outbox nodeB = outbox(Clock.systemUTC());
        try (OutboxDispatcher a = OutboxDispatcher.start(nodeA, counting, policy, Clock.systemUTC());
             OutboxDispatcher b = OutboxDispatcher.start(nodeB, counting, policy, Clock.systemUTC())) {
            List<String> ids = IntStream.range(0, 60).mapToObj(i -> enqueue(i % 2 == 0 ? nodeA : nodeB, tenant, "hk_" + i)).toList();

            await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.list(tenant, new DeliveryQuery(null, DeliveryStatus.DELIVERED, 500)).size() == 60);

            assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(deliveries.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    private Outbox outbox(Clock clock) {
        return new Outbox(database.jdbi(), RetentionPolicy.DEFAULT::prune, clock);
    }

    private String enqueue(Outbox outbox, String tenant, String hookId) {
        database.jdbi().useTransaction(handle -> outbox.enqueue(handle, tenant, "flw_" + hookId, "post-register", List.of(hookId), data("ann")));
        return outbox.list(tenant, new DeliveryQuery(hookId, null, 1)).getFirst().id();
    }

    private static ObjectNode data(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    private static DeliveryQuery all() {
        return new DeliveryQuery(null, null, 500);
    }

    private String newTenant() {
        String id = "outbox-" + tenants.incrementAndGet();
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
                id, "An outbox test tenant", Instant.now()));
        return id;
    }
}
