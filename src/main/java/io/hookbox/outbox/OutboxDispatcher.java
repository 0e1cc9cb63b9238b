package io.hookbox.outbox;

import io.hookbox.secrets.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * This node's deliverer of outbox entries: one thread claims due entries, as many as it has free slots
 * ({@link OutboxPolicy#concurrency()}), and each runs on a virtual thread through the {@link Deliverer}; then the
 * attempt is recorded and, on failure, scheduled again ({@link RetrySchedule}). It sleeps until the next entry falls
 * due, at most {@link OutboxPolicy#pollMs()}, or until woken by a commit that wrote entries. At least
 * once: an entry whose deliverer dies mid-attempt is delivered again after its lease. Thread-safe; close it to stop
 * claiming and let the attempts under way finish.
 */
public final class OutboxDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final Outbox outbox;
    private final Deliverer deliverer;
    private final OutboxPolicy policy;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final String node = RandomTokens.token("node_", 9);
    private final Semaphore slots;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean stopped;
    private final Thread claimer;

    private OutboxDispatcher(Outbox outbox, Deliverer deliverer, OutboxPolicy policy, Clock clock, DoubleSupplier jitter) {
        this.outbox = outbox;
        this.deliverer = deliverer;
        this.policy = policy;
        this.schedule = policy.schedule();
        this.clock = clock;
        this.jitter = jitter;
        this.slots = new Semaphore(policy.concurrency());
        this.claimer = Thread.ofPlatform().name("hookbox-outbox").daemon(true).unstarted(this::claimLoop);
    }

    /** A dispatcher already running, unless the policy's concurrency is 0 (then it never delivers). */
    public static OutboxDispatcher start(Outbox outbox, Deliverer deliverer, OutboxPolicy policy, Clock clock) {
        return start(outbox, deliverer, policy, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #start(Outbox, Deliverer, OutboxPolicy, Clock)}, with the jitter of its retries from {@code jitter}. */
    public static OutboxDispatcher start(Outbox outbox, Deliverer deliverer, OutboxPolicy policy, Clock clock, DoubleSupplier jitter) {
        OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, deliverer, policy, clock, jitter);
        if (policy.concurrency() > 0) {
            dispatcher.claimer.start();
        }
        return dispatcher;
    }

    private void claimLoop() {
        while (!stopped) {
            try {
                int free = slots.availablePermits();
                List<OutboxEntry> claimed = free == 0 ? List.of()
                        : outbox.claim(node, free, Duration.ofMillis(policy.leaseMs()));
                for (OutboxEntry entry : claimed) {
                    slots.acquireUninterruptibly();
                    attempts.submit(() -> attempt(entry));
                }
                if (claimed.isEmpty() || claimed.size() < free) {
                    awaitWork();
                }
            } catch (RuntimeException e) {
                log.warn("cannot claim outbox entries; trying again shortly", e);
                awaitWork();
            }
        }
    }

    private void attempt(OutboxEntry entry) {
        try {
            Attempt attempt;
            try {
                attempt = deliverer.deliver(entry);
            } catch (RuntimeException e) {
                log.error("delivery {} of hook {} failed in hookbox", entry.id(), entry.hookId(), e);
                attempt = Attempt.failed(null, "hookbox could not run the delivery: " + e.getMessage());
            }
            if (!outbox.complete(entry, node, attempt, schedule, jitter.getAsDouble())) {
                log.warn("delivery {} was taken over (its lease of {} ms ran out, or a retry was asked) before its attempt"
                        + " ended; this attempt is not recorded", entry.id(), policy.leaseMs());
            }
        } catch (RuntimeException e) {
            log.error("cannot record the attempt at delivery {}; it is tried again after its lease", entry.id(), e);
        } finally {
            slots.release();
            outbox.wakeup().signal();
        }
    }

    /** Sleeps until the next entry is due, a wake-up, or the poll interval, whichever comes first. */
    private void awaitWork() {
        long waitMs = policy.pollMs();
        if (slots.availablePermits() > 0) {
            try {
                Instant now = clock.instant();
                waitMs = outbox.nextDue().map(due -> Math.clamp(Duration.between(now, due).toMillis(), 1, policy.pollMs()))
                        .orElse(policy.pollMs());
            } catch (RuntimeException e) {
                log.debug("cannot read when the next outbox entry is due", e);
            }
        }
        try {
            outbox.wakeup().await(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @Override
    public void close() {
        stopped = true;
        outbox.wakeup().signal();
        if (policy.concurrency() == 0) {
            return;
        }
        try {
            claimer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.close();
    }
}
