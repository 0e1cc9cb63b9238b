package io.hookbox.auth;

import io.hookbox.audit.AuditTrail;
import io.hookbox.secrets.SecretBox;
import io.hookbox.executions.ExecutionLog;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.store.BackgroundJobs;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The auth core's services, built together over one database and one pipeline runner: users, applications,
 * signing keys, the sign-up and sign-in flows and the execution log, which it prunes every few minutes (one node of
 * a cluster does it for all: {@link BackgroundJobs}).
 */
public record AuthCore(Applications applications, Users users, SigningKeys signingKeys, SignUp signUp, SignIn signIn,
                       UserManagement userManagement, ExecutionLog executions, FlowHooks hooks, ScheduledExecutorService pruning) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthCore.class);
    /** How often the execution log (and whatever else is kept like it) is pruned. */
    public static final long PRUNE_EVERY_MINUTES = 10;
    /** A node's schedule drifts; a claim a little early still counts, so the log is pruned about every 10 minutes. */
    private static final Duration PRUNE_PERIOD = Duration.ofMinutes(PRUNE_EVERY_MINUTES).minusSeconds(30);

    public static AuthCore create(Jdbi jdbi, PipelineRunner pipeline, SecretBox secrets, RetentionPolicy retention,
                                  LoginThrottle.Policy throttling, int maxCustomClaimsBytes, AuditTrail audit, Clock clock) {
        PasswordHasher hasher = new PasswordHasher();
        Applications applications = new Applications(jdbi, audit, clock);
        Users users = new Users(jdbi, hasher, clock);
        SigningKeys keys = new SigningKeys(new DatabaseSigningKeyStore(jdbi, clock), secrets, clock);
        ExecutionLog executions = new ExecutionLog(jdbi, retention, clock);
        FlowHooks hooks = new FlowHooks(pipeline, executions);
        LoginThrottle throttle = new InMemoryLoginThrottle(throttling, clock);
        SignUp signUp = new SignUp(applications, users, hasher, hooks, throttle);
        SignIn signIn = new SignIn(applications, users, hasher, throttle, hooks, new TokenSigner(keys),
                maxCustomClaimsBytes, clock);
        ScheduledExecutorService pruning = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("hookbox-execution-pruning").daemon(true).factory());
        BackgroundJobs jobs = new BackgroundJobs(jdbi, clock);
        pruning.scheduleWithFixedDelay(() -> prune(jobs, executions), 0, PRUNE_EVERY_MINUTES, TimeUnit.MINUTES);
        return new AuthCore(applications, users, keys, signUp, signIn, new UserManagement(users, hooks), executions, hooks, pruning);
    }

    private static void prune(BackgroundJobs jobs, ExecutionLog executions) {
        try {
            if (!jobs.claim(BackgroundJobs.PRUNE_EXECUTIONS, PRUNE_PERIOD)) {
                return;
            }
            int deleted = executions.prune();
            if (deleted > 0) {
                log.info("pruned {} old hook execution records", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("could not prune hook execution records", e);
        }
    }

    @Override
    public void close() {
        pruning.shutdownNow();
        hooks.close();
    }
}
