package io.hookbox.auth;

import io.hookbox.audit.AuditTrail;
import io.hookbox.secrets.SecretBox;
import io.hookbox.executions.ExecutionLog;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.outbox.Outbox;
import io.hookbox.outbox.OutboxDispatcher;
import io.hookbox.outbox.OutboxPolicy;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.store.BackgroundJobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The auth core's services, built together over one database and one pipeline runner: users, applications,
 * signing keys, the sign-up and sign-in flows, the login throttle, the execution log, and the outbox of after-the-fact
 * hooks with this node's dispatcher of it. It prunes the log, the finished deliveries and the throttle's forgotten
 * counts every few minutes (one node of a cluster does it for all: {@link BackgroundJobs}).
 */
public record AuthCore(Applications applications, Users users, SigningKeys signingKeys, SignUp signUp, SignIn signIn,
                       UserManagement userManagement, ExecutionLog executions, FlowHooks hooks, Outbox outbox,
                       OutboxDispatcher dispatcher, ScheduledExecutorService pruning) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthCore.class);
    /** How often the execution log (and whatever else is kept like it) is pruned. */
    public static final long PRUNE_EVERY_MINUTES = 10;
    /** A node's schedule drifts; a claim a little early still counts, so the log is pruned about every 10 minutes. */
    private static final Duration PRUNE_PERIOD = Duration.ofMinutes(PRUNE_EVERY_MINUTES).minusSeconds(30);

    public static AuthCore create(Jdbi jdbi, PipelineRunner pipeline, SecretBox secrets, RetentionPolicy retention,
                                  LoginThrottle.Policy throttling, int maxCustomClaimsBytes, AuditTrail audit,
                                  OutboxPolicy outboxPolicy, MeterRegistry meters, Clock clock) {
        PasswordHasher hasher = new PasswordHasher();
        Applications applications = new Applications(jdbi, audit, clock);
        Users users = new Users(jdbi, hasher, clock);
        SigningKeys keys = new SigningKeys(new DatabaseSigningKeyStore(jdbi, audit, clock), secrets, clock);
        ExecutionLog executions = new ExecutionLog(jdbi, retention, clock);
        Outbox outbox = new Outbox(jdbi, retention::prune, clock);
        FlowHooks hooks = new FlowHooks(pipeline, executions, outbox, meters, outboxPolicy.maxAttempts());
        Gauge.builder("hookbox.outbox.pending", outbox, Outbox::waiting)
                .description("outbox deliveries still to be delivered (pending or failed), on the whole database").register(meters);
        OutboxDispatcher dispatcher = OutboxDispatcher.start(outbox, hooks, outboxPolicy, clock);
        DatabaseLoginThrottle throttle = new DatabaseLoginThrottle(jdbi, throttling, clock);
        SignUp signUp = new SignUp(applications, users, hasher, hooks, throttle);
        SignIn signIn = new SignIn(applications, users, hasher, throttle, hooks, new TokenSigner(keys),
                maxCustomClaimsBytes, clock);
        ScheduledExecutorService pruning = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("hookbox-execution-pruning").daemon(true).factory());
        BackgroundJobs jobs = new BackgroundJobs(jdbi, clock);
        pruning.scheduleWithFixedDelay(() -> {
            prune(jobs, BackgroundJobs.PRUNE_EXECUTIONS, executions::prune, "old hook execution records");
            prune(jobs, BackgroundJobs.PRUNE_LOGIN_THROTTLE, throttle::prune, "forgotten login throttle counts");
            prune(jobs, BackgroundJobs.PRUNE_OUTBOX, outbox::prune, "old delivered and dead deliveries");
        }, 0, PRUNE_EVERY_MINUTES, TimeUnit.MINUTES);
        return new AuthCore(applications, users, keys, signUp, signIn, new UserManagement(users, hooks), executions, hooks, outbox,
                dispatcher, pruning);
    }

    /** Runs {@code prune} if this node claims the job's turn; {@code what} it deletes, for the log. */
    private static void prune(BackgroundJobs jobs, String job, IntSupplier prune, String what) {
        try {
            if (!jobs.claim(job, PRUNE_PERIOD)) {
                return;
            }
            int deleted = prune.getAsInt();
            if (deleted > 0) {
                log.info("pruned {} {}", deleted, what);
            }
        } catch (RuntimeException e) {
            log.warn("could not prune {}", what, e);
        }
    }

    @Override
    public void close() {
        pruning.shutdownNow();
        dispatcher.close();
    }
}
