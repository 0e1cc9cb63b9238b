package io.hookbox.sandbox.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.HostRules;
import io.hookbox.egress.RequestLog;
import io.hookbox.egress.Resolver;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookChain;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.HookStops;
import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.RuntimeStatus;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;
import io.hookbox.sandbox.supervisor.Scheduler.Decision;
import io.hookbox.secrets.Redactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;

/**
 * The server's side of the sandbox: worker JVMs in lanes that run hooks, supervised so no hook can take the server or
 * another tenant's run down with it. What to do is decided by the {@link Scheduler} (lanes, fair queues, retries,
 * quarantine, kills, spares); this class carries it out: it starts and kills the processes, writes runs to their
 * pipes, reads their answers, keeps the callers' futures and the clock ticking, and reports to the meters.
 * Thread-safe; the scheduler is used under one lock, and no I/O happens while holding it.
 */
public final class WorkerPool implements HookRuntime, WorkerProcess.Listener {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final long STARTUP_TIMEOUT_SECONDS = 180;
    /** How often deadlines, waits and quarantines are judged: a deadline is enforced at most this late. */
    private static final long TICK_MS = 20;

    /**
     * A chain waiting for, or held by, a worker; its steps are runs {@code firstId}, {@code firstId + 1}... and their
     * outcomes arrive one by one. {@code input}: the chain's data as JSON text; {@code digests}: its steps' sources'.
     * Thread-safe.
     */
    private static final class Pending {
        final HookChain chain;
        final String input;
        final List<String> digests;
        final boolean validateOnly;
        final CompletableFuture<List<HookChain.Ran>> result = new CompletableFuture<>();
        private final List<HookChain.Ran> ran = new ArrayList<>();
        private final Map<Long, RunError> verdicts = new HashMap<>();
        private long firstId;
        private long stepStartedNanos = System.nanoTime();
        private Instant stepStartedAt = Instant.now();

        Pending(HookChain chain, String input, boolean validateOnly) {
            this.chain = chain;
            this.input = input;
            this.digests = chain.steps().stream().map(step -> SourceDigests.of(step.run().source())).toList();
            this.validateOnly = validateOnly;
        }

        synchronized void numbered(long first) {
            firstId = first;
        }

        synchronized int index(long stepId) {
            return (int) (stepId - firstId);
        }

        /** The run ids of all its steps. */
        synchronized LongStream stepIds() {
            return LongStream.range(firstId, firstId + chain.steps().size());
        }

        HookChain.Step step(long stepId) {
            return chain.steps().get(index(stepId));
        }

        /** The chain from step {@code stepId} on, given the data the steps before it left. */
        synchronized ToWorker.Chain message(long stepId) {
            int from = index(stepId);
            List<ToWorker.Chain.Step> steps = new ArrayList<>();
            for (int i = from; i < chain.steps().size(); i++) {
                HookChain.Step step = chain.steps().get(i);
                RunRequest request = step.run();
                steps.add(new ToWorker.Chain.Step(new ToWorker.Run(firstId + i, request.source(), null, validateOnly,
                        request.reuseScope(), request.packages(), request.secrets(), request.trigger(), request.cache(),
                        digests.get(i)), step.name(), step.continueOnError()));
            }
            return new ToWorker.Chain(stepId, chain.typeId(), dataBefore(from), steps);
        }

        /** Whether the chain goes on after step {@code stepId} ended as {@code finished}, as the worker judges it. */
        synchronized boolean goesOnAfter(long stepId, FromWorker.Finished finished) {
            verdicts.put(stepId, finished.verdict());
            int index = index(stepId);
            return ToWorker.Chain.goesOn(index + 1 == chain.steps().size(), chain.steps().get(index).continueOnError(), finished);
        }

        /** Step {@code stepId} ended with {@code outcome}; once the chain ends, its caller is answered. */
        synchronized void stepEnded(long stepId, RunResult outcome, boolean chainEnds) {
            long now = System.nanoTime();
            RunError verdict = outcome.succeeded() ? verdicts.remove(stepId) : null;
            ran.add(new HookChain.Ran(outcome, verdict, stepStartedAt, now - stepStartedNanos));
            stepStartedNanos = now;
            stepStartedAt = Instant.now();
            if (chainEnds) {
                result.complete(List.copyOf(ran));
            }
        }

        long stepNanos() {
            return System.nanoTime() - stepStartedNanos;
        }

        /** The data step {@code index} gets: the last result the chain went on with, cleared of its step's secrets. */
        private String dataBefore(int index) {
            for (int i = Math.min(index, ran.size()) - 1; i >= 0; i--) {
                HookChain.Ran step = ran.get(i);
                if (step.result().succeeded() && step.verdict() == null) {
                    Map<String, String> secrets = chain.steps().get(i).run().secrets();
                    RunResult cleared = secrets.isEmpty() ? step.result() : step.result().redacted(Redactor.of(secrets)::redact);
                    try {
                        return Frames.MAPPER.writeValueAsString(cleared.result());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("a hook's result is plain JSON data and always serialises", e);
                    }
                }
            }
            return input;
        }
    }

    private record Started(WorkerProcess process, Lane lane, boolean cold) {
    }

    private final RuntimePolicy policy;
    private final WorkerLauncher launcher;
    private final HookStops hookStops;
    private final ReentrantLock lock = new ReentrantLock();
    private final Scheduler scheduler;
    /** The chains not yet answered, under each of their steps' run ids. */
    private final Map<Long, Pending> pending = new HashMap<>();
    /** How many chains were sent to workers, for tests and diagnostics: a chain is one dispatch whatever its length. */
    private final AtomicLong dispatches = new AtomicLong();
    private final Map<Integer, Started> processes = new HashMap<>();
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService spawner;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final PoolMetrics metrics;
    private final int maxFrameBytes;
    private final AtomicLong restarts = new AtomicLong();
    private final FetchRelay fetches;
    private final QueryRelay queries = new QueryRelay();
    private volatile boolean serving;
    private volatile boolean useCompiler;
    private volatile FromWorker.Ready lastReady;
    /** The workers the pool started with that are still warming up; {@link #warmedUp} completes when none is left. */
    private final Set<Integer> warmingAtStart = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    /** Completes when every worker the pool started with takes runs, or fails with why one could not start. */
    private final CompletableFuture<Void> startup = new CompletableFuture<>();

    private WorkerPool(RuntimePolicy policy, WorkerLauncher launcher, MeterRegistry registry, HookStops hookStops,
                       EgressService egress) {
        this.policy = policy;
        this.launcher = launcher;
        this.hookStops = hookStops;
        this.fetches = new FetchRelay(egress);
        this.scheduler = new Scheduler(policy, System::nanoTime);
        this.useCompiler = launcher.compilerAvailable();
        this.maxFrameBytes = Frames.maxWorkerFrameBytes(policy.limits(), policy.console()) + 2 * policy.egress().maxRequestBytes();
        this.spawner = Executors.newCachedThreadPool(Thread.ofPlatform().name("hookbox-pool-spawner-", 0).daemon(true).factory());
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("hookbox-pool-timers").daemon(true).factory());
        this.metrics = new PoolMetrics(registry, this::status);
        if (!useCompiler) {
            log.warn("Hooks will run interpreted, several times slower: the Graal compiler is not available "
                    + "(it needs JDK 21+ and target/compiler/compiler.jar) or this pool was started without it");
        }
    }

    /** Starts the workers of every lane and returns once they serve (see {@link #awaitWarm}); meters go nowhere. */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher) {
        return start(policy, launcher, new SimpleMeterRegistry(), HookStops.NONE);
    }

    /** As {@link #start(RuntimePolicy, WorkerLauncher)}, with hooks' requests going out through {@code egress}. */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher, EgressService egress) {
        return start(policy, launcher, new SimpleMeterRegistry(), HookStops.NONE, egress);
    }

    /** Starts the pool with hooks' requests resolved by the system and no tenant allow-lists. */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher, MeterRegistry registry, HookStops hookStops) {
        return start(policy, launcher, registry, hookStops, new EgressService(policy.egress(), Resolver.SYSTEM,
                EgressService.USER_AGENT, tenant -> HostRules.NONE));
    }

    /**
     * Starts the workers of every lane and returns as soon as each of them takes runs: they warm up beside their first
     * runs, which are served slower until then ({@link #awaitWarm}, {@link RuntimeStatus#warm()}). Hooks' requests go
     * out through {@code egress}, which the pool closes with itself.
     */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher, MeterRegistry registry, HookStops hookStops,
                                   EgressService egress) {
        WorkerPool pool = startInBackground(policy, launcher, registry, hookStops, egress);
        pool.awaitServing();
        return pool;
    }

    /**
     * As {@link #start(RuntimePolicy, WorkerLauncher, MeterRegistry, HookStops, EgressService)}, but returns at once while
     * the workers start in the background: runs wait in the queue until a worker takes them. {@link #awaitServing}
     * tells whether they all started.
     */
    public static WorkerPool startInBackground(RuntimePolicy policy, WorkerLauncher launcher, MeterRegistry registry,
                                               HookStops hookStops, EgressService egress) {
        WorkerPool pool = unstarted(policy, launcher, registry, hookStops, egress);
        pool.startWorkers();
        return pool;
    }

    /**
     * A pool that starts no worker until {@link #startWorkers}: a server builds everything else and listens first, so
     * its own start-up does not compete with the workers' for the CPU. Runs sent before then wait in the queue.
     */
    public static WorkerPool unstarted(RuntimePolicy policy, WorkerLauncher launcher, MeterRegistry registry,
                                       HookStops hookStops, EgressService egress) {
        return new WorkerPool(policy, launcher, registry, hookStops, egress);
    }

    /**
     * Starts the workers of every lane in the background. Interpreted workers are ready in about a second, so they
     * start first, the test lane's alone, as it serves the first test runs and two JVMs starting at once on two cores
     * each take longer; the others start once it is up, the compiling ones once every interpreted one is. Spares start
     * once every lane serves.
     */
    public void startWorkers() {
        List<Decision> first;
        lock.lock();
        try {
            scheduler.start();
            first = scheduler.drain();
        } finally {
            lock.unlock();
        }
        List<Lane> launches = first.stream().filter(Decision.Launch.class::isInstance)
                .map(decision -> ((Decision.Launch) decision).lane()).toList();
        List<Lane> interpreted = launches.stream().filter(lane -> !compiles(lane)).toList();
        CompletableFuture<Void> testLane = allOf(interpreted.stream().filter(lane -> lane == Lane.TEST).map(this::admitted).toList());
        List<CompletableFuture<Void>> quick = new ArrayList<>(List.of(testLane));
        interpreted.stream().filter(lane -> lane != Lane.TEST).map(lane -> admittedAfter(testLane, lane)).forEach(quick::add);
        CompletableFuture<Void> quickOnes = allOf(quick);
        List<CompletableFuture<Void>> all = new ArrayList<>(quick);
        launches.stream().filter(this::compiles).map(lane -> admittedAfter(quickOnes, lane)).forEach(all::add);
        allOf(all).whenComplete((done, failure) -> {
            if (failure != null) {
                startup.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            } else {
                nowServing();
                startup.complete(null);
            }
        });
    }

    /** A worker of {@code lane} started once {@code before} ends, however it ends. */
    private CompletableFuture<Void> admittedAfter(CompletableFuture<Void> before, Lane lane) {
        return before.handle((done, failure) -> null).thenCompose(ignored -> admitted(lane));
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    private boolean compiles(Lane lane) {
        return useCompiler && policy.size(lane).compiled();
    }

    private CompletableFuture<Void> admitted(Lane lane) {
        return CompletableFuture.supplyAsync(() -> launch(lane, false), spawner).thenAccept(this::admit);
    }

    /** Waits until every worker the pool started with takes runs; when one cannot start, closes the pool and says why. */
    public void awaitServing() {
        try {
            startup.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = cause instanceof TimeoutException ? "not ready within " + STARTUP_TIMEOUT_SECONDS + " s" : cause.getMessage();
            throw new IllegalStateException("hookbox could not start its worker processes: " + why, cause);
        }
    }

    private void nowServing() {
        serving = true;
        timers.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        warmedOne(-1);
        FromWorker.Ready ready = lastReady;
        log.info("workers serving, warming up: production {} x {} threads ({} spare), test {} x {}, confined {} x {}; engine {}{}",
                policy.workers().count(), policy.workers().threads(), policy.workers().spares(),
                policy.lanes().test().count(), policy.lanes().test().threads(), policy.lanes().confined().count(),
                policy.lanes().confined().threads(), ready.engine(),
                ready.optimizing() ? " with the optimizing compiler" : ", interpreted only");
    }

    /**
     * Waits until the workers the pool started with have warmed up, for callers that measure or that want their
     * first runs at full speed; false when {@code timeout} passed first.
     */
    public boolean awaitWarm(Duration timeout) throws InterruptedException {
        try {
            warmedUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Worker {@code number} (or none, for -1) no longer warms up; the pool is warm once it has started and none does. */
    private void warmedOne(int number) {
        warmingAtStart.remove(number);
        if (serving && warmingAtStart.isEmpty() && warmedUp.complete(null)) {
            log.info("workers warmed up");
        }
    }

    @Override
    public RuntimePolicy policy() {
        return policy;
    }

    @Override
    public RunResult run(RunRequest request) {
        return await(submit(HookChain.of(request), false)).getFirst().result();
    }

    @Override
    public List<HookChain.Ran> runChain(HookChain chain) {
        return await(submit(chain, false));
    }

    /** Saving a hook is editor work: the check runs in the test lane. */
    @Override
    public RunResult validate(String tenantId, String source) {
        return await(submit(HookChain.of(new RunRequest(tenantId, source, null, null, Lane.TEST, null)), true)).getFirst().result();
    }

    /** How many chains (single runs included) were sent to a worker so far, resends after a source miss included. */
    public long dispatches() {
        return dispatches.get();
    }

    /** Starts a run; the future always completes, with the hook's outcome or the error that ended it. */
    public CompletableFuture<RunResult> submit(RunRequest request, boolean validateOnly) {
        return submit(HookChain.of(request), validateOnly).thenApply(ran -> ran.getFirst().result());
    }

    /**
     * Starts a chain; the future always completes, with the steps that ran or the error that ended it. A step that
     * cannot be sent (its source too large) ends the chain before it, or is its only step, refused.
     */
    public CompletableFuture<List<HookChain.Ran>> submit(HookChain chain, boolean validateOnly) {
        int sendable = 0;
        RunResult refused = null;
        while (sendable < chain.steps().size() && (refused = checkSizes(chain.steps().get(sendable).run())) == null) {
            sendable++;
        }
        if (sendable == 0) {
            return refusedAtOnce(refused);
        }
        if (sendable < chain.steps().size()) {
            chain = new HookChain(chain.typeId(), chain.data(), chain.steps().subList(0, sendable));
        }
        String input;
        try {
            input = validateOnly || chain.data() == null ? "{}" : Frames.MAPPER.writeValueAsString(chain.data());
        } catch (JsonProcessingException e) {
            return refusedAtOnce(RunResult.failure(
                    Incident.report("the data could not be encoded: " + e.getMessage(), log::error), List.of(), 0));
        }
        if (input.getBytes(StandardCharsets.UTF_8).length > policy.limits().maxInputBytes()) {
            return refusedAtOnce(RunResult.failure(ErrorCode.INPUT_TOO_LARGE,
                    "the data is larger than " + policy.limits().maxInputBytes() + " bytes of JSON"));
        }
        Pending run = new Pending(chain, input, validateOnly);
        List<Scheduler.RunSpec> specs = chain.steps().stream().map(HookChain.Step::run).map(request -> new Scheduler.RunSpec(
                request.lane(), request.tenantId(), request.hookId(), SourceKey.of(request.source()), validateOnly)).toList();
        List<Decision> decisions;
        lock.lock();
        try {
            long first = scheduler.submitChain(specs);
            run.numbered(first);
            for (int i = 0; i < specs.size(); i++) {
                pending.put(first + i, run);
            }
            decisions = scheduler.drain();
        } finally {
            lock.unlock();
        }
        carryOut(decisions);
        return run.result;
    }

    private static CompletableFuture<List<HookChain.Ran>> refusedAtOnce(RunResult refusal) {
        return CompletableFuture.completedFuture(List.of(new HookChain.Ran(refusal, null, Instant.now(), 0)));
    }

    private RunResult checkSizes(RunRequest request) {
        if (request.source() == null) {
            return RunResult.failure(ErrorCode.NO_HANDLE, "the hook has no source");
        }
        int sourceBytes = request.source().getBytes(StandardCharsets.UTF_8).length;
        if (sourceBytes > policy.limits().maxSourceBytes()) {
            return RunResult.failure(ErrorCode.SOURCE_TOO_LARGE, "the hook's source is " + sourceBytes
                    + " bytes; at most " + policy.limits().maxSourceBytes() + " are allowed");
        }
        return null;
    }

    private List<HookChain.Ran> await(CompletableFuture<List<HookChain.Ran>> result) {
        long patienceMs = policy.queue().maxWaitMs() + Scheduler.MAX_ATTEMPTS
                * (policy.queue().maxWaitMs() + policy.limits().timeoutMs() + policy.workers().killGraceMs()) + TimeUnit.MINUTES.toMillis(1);
        RunResult failure;
        try {
            return result.get(patienceMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = RunResult.failure(ErrorCode.INTERNAL, "interrupted while waiting for the hook");
        } catch (ExecutionException | TimeoutException e) {
            failure = RunResult.failure(Incident.report("a run was never answered: " + e, log::error), List.of(), 0);
        }
        return List.of(new HookChain.Ran(failure, null, Instant.now(), 0));
    }

    // ---- events, reported to the scheduler ----

    @Override
    public void onMessage(WorkerProcess worker, FromWorker message) {
        if (message instanceof FromWorker.Warm warm) {
            log.info("{} {}", worker, warm.summary());
            warmedOne(worker.number);
            return;
        }
        if (message instanceof FromWorker.SourceMissing missing) {
            dispatchWhole(worker, missing.id());
            return;
        }
        if (message instanceof FromWorker.Fetch fetch) {
            relay(worker, fetch);
            return;
        }
        if (message instanceof FromWorker.FetchAbort abort) {
            fetches.abort(abort);
            return;
        }
        if (message instanceof FromWorker.Query query) {
            ask(worker, query);
            return;
        }
        boolean goesOn = message instanceof FromWorker.Finished finished && goesOnAfter(finished);
        decide(() -> {
            switch (message) {
                case FromWorker.Finished finished -> scheduler.finished(finished.id(), finished.resultWithEffects(),
                        finished.unattributed(), finished.broken(), goesOn);
                case FromWorker.Cancelling cancelling -> scheduler.cancelling(cancelling.id(), cancelling.code());
                case FromWorker.Unstoppable unstoppable -> {
                    log.warn("{} cannot stop a run that hit {}", worker, unstoppable.code());
                    scheduler.unstoppable(unstoppable.id(), unstoppable.code());
                }
                case FromWorker.Ready ignored -> {
                }
                case FromWorker.Warm ignored -> {
                }
                case FromWorker.SourceMissing ignored -> {
                }
                case FromWorker.Fetch ignored -> {
                }
                case FromWorker.FetchAbort ignored -> {
                }
                case FromWorker.Query ignored -> {
                }
            }
        });
    }

    private boolean goesOnAfter(FromWorker.Finished finished) {
        Pending run;
        lock.lock();
        try {
            run = pending.get(finished.id());
        } finally {
            lock.unlock();
        }
        return run != null && run.goesOnAfter(finished.id(), finished);
    }

    /** Run {@code runId} while it runs on {@code worker}, else null (it ended or moved to another worker). */
    private Pending pendingOn(WorkerProcess worker, long runId) {
        lock.lock();
        try {
            return scheduler.startedOn(runId, worker.number) == Scheduler.NOT_RUNNING ? null : pending.get(runId);
        } finally {
            lock.unlock();
        }
    }

    /** Sends run {@code runId} again, whole, to the worker that did not hold its source, if it still runs there. */
    private void dispatchWhole(WorkerProcess worker, long runId) {
        Pending run = pendingOn(worker, runId);
        if (run == null) {
            return;
        }
        try {
            worker.dispatchWhole(run.message(runId));
            dispatches.incrementAndGet();
        } catch (IOException e) {
            unreachable(worker.number, e);
        }
    }

    /**
     * Hands a run's request to the egress service, off the scheduler's lock: the service answers the worker itself.
     * A request of a run that is no longer on this worker is dropped.
     */
    private void relay(WorkerProcess worker, FromWorker.Fetch fetch) {
        long startedNanos;
        String tenantId;
        lock.lock();
        try {
            startedNanos = scheduler.startedOn(fetch.id(), worker.number);
            tenantId = scheduler.tenantOf(fetch.id());
        } finally {
            lock.unlock();
        }
        if (startedNanos == Scheduler.NOT_RUNNING) {
            return;
        }
        // a tenth of the run's time is kept back, so the hook can still handle a request that timed out
        long timeoutMs = policy.limits().timeoutMs();
        fetches.fetch(worker, tenantId, startedNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs - timeoutMs / 10), fetch);
        boolean ended;
        lock.lock();
        try {
            ended = scheduler.startedOn(fetch.id(), worker.number) != startedNanos;
        } finally {
            lock.unlock();
        }
        if (ended) {
            fetches.abandon(fetch.id(), worker.number);
        }
    }

    /** Hands a run's question to whoever answers its run's; a question of a run no longer on this worker is dropped. */
    private void ask(WorkerProcess worker, FromWorker.Query query) {
        Pending run = pendingOn(worker, query.id());
        if (run != null) {
            queries.ask(worker, run.step(query.id()).run().queries(), query);
        }
    }

    @Override
    public void onExit(WorkerProcess worker) {
        warmedOne(worker.number);
        if (!worker.isStopping()) {
            log.warn("{} exited unexpectedly; its last output: {}", worker, String.join(" | ", worker.stderrTail()));
        }
        boolean outOfMemory = worker.stderrTail().stream().anyMatch(line -> line.contains("OutOfMemoryError"));
        decide(() -> scheduler.workerExited(worker.number, outOfMemory));
    }

    private void tick() {
        try {
            decide(scheduler::tick);
        } catch (RuntimeException e) {
            log.error("the pool's clock failed to tick", e);
        }
    }

    private void decide(Runnable event) {
        List<Decision> decisions;
        lock.lock();
        try {
            event.run();
            decisions = scheduler.drain();
        } finally {
            lock.unlock();
        }
        carryOut(decisions);
    }

    // ---- decisions, carried out without the lock ----

    private void carryOut(List<Decision> decisions) {
        for (Decision decision : decisions) {
            switch (decision) {
                case Decision.Dispatch dispatch -> send(dispatch);
                case Decision.Complete complete -> complete(complete);
                case Decision.Kill kill -> kill(kill);
                case Decision.Launch launch -> inBackground(() -> launchUntilAdmitted(launch.lane(), launch.cold()));
                case Decision.Retire retire -> {
                    Started started = forget(retire.workerId());
                    if (started != null) {
                        started.process().stop();
                    }
                }
                case Decision.Quarantine quarantine -> quarantined(quarantine);
                case Decision.HookCleared cleared -> inBackground(() -> hookStops.cleared(cleared.tenantId(), cleared.hookId()));
            }
        }
    }

    private void send(Decision.Dispatch dispatch) {
        Pending run;
        Started started;
        lock.lock();
        try {
            run = pending.get(dispatch.runId());
            started = processes.get(dispatch.workerId());
        } finally {
            lock.unlock();
        }
        if (run == null) {
            return;
        }
        fetches.end(dispatch.runId());
        metrics.dispatched(dispatch.lane(), dispatch.waitedNanos());
        try {
            if (started == null) {
                throw new IOException("the worker is gone");
            }
            started.process().dispatch(run.message(dispatch.runId()));
            dispatches.incrementAndGet();
        } catch (IOException e) {
            unreachable(dispatch.workerId(), e);
        }
    }

    private void unreachable(int workerId, IOException e) {
        log.warn("worker {} could not take a run ({}); replacing it", workerId, e.getMessage());
        decide(() -> scheduler.unreachable(workerId));
    }

    private void complete(Decision.Complete complete) {
        Pending run;
        lock.lock();
        try {
            run = pending.get(complete.runId());
            if (run != null && complete.chainEnds()) {
                run.stepIds().forEach(pending::remove);
            }
        } finally {
            lock.unlock();
        }
        List<RequestLog> requests = fetches.end(complete.runId());
        if (run != null) {
            metrics.completed(complete.lane(), complete.result(), run.stepNanos());
            run.stepEnded(complete.runId(), complete.result().withRequests(requests), complete.chainEnds());
        }
    }

    private void kill(Decision.Kill kill) {
        Started started = forget(kill.workerId());
        log.warn("killing worker {} of the {} lane: {}; tenant {}, hook {}", kill.workerId(), kill.lane().id(), kill.reason().id(),
                kill.tenantId() == null ? "unknown" : kill.tenantId(), kill.hookId() == null ? "none" : kill.hookId());
        metrics.killed(kill.lane(), kill.reason());
        fetches.workerRemoved(kill.workerId());
        if (started != null) {
            started.process().kill();
        }
    }

    private void quarantined(Decision.Quarantine quarantine) {
        log.warn("quarantined for {} ms after a {}: tenant {} in the {} lane, source {}{}", policy.workers().quarantineMs(),
                quarantine.reason().id(), quarantine.tenantId(), quarantine.lane().id(), quarantine.sourceKey(),
                quarantine.hookId() == null ? "" : ", hook " + quarantine.hookId() + " marked as stopped");
        metrics.quarantined(quarantine);
        if (quarantine.hookId() != null) {
            Instant at = Instant.now();
            inBackground(() -> hookStops.stopped(quarantine.tenantId(), quarantine.hookId(), at, quarantine.reason().cause));
        }
    }

    /** Launches and hook marks run off the threads that read workers' answers; after close they are dropped. */
    private void inBackground(Runnable task) {
        try {
            spawner.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("a background task of the pool failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("the pool is closed: a background task was dropped");
        }
    }

    private Started forget(int workerId) {
        lock.lock();
        try {
            return processes.remove(workerId);
        } finally {
            lock.unlock();
        }
    }

    // ---- worker lifecycle ----

    /** Starts a worker, trying again with a growing pause until one starts or the pool closes. */
    private void launchUntilAdmitted(Lane lane, boolean cold) {
        long backoffMs = 500;
        long startedNanos = System.nanoTime();
        while (!timers.isShutdown()) {
            try {
                Started started = launch(lane, cold);
                metrics.started(lane, cold, System.nanoTime() - startedNanos);
                log.info("{} is ready for the {} lane after {} ms{}", started.process(), lane.id(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), cold ? " (cold: no warm-up)" : "");
                admit(started);
                return;
            } catch (RuntimeException e) {
                if (timers.isShutdown()) {
                    return;
                }
                log.error("could not start a worker for the {} lane; retrying in {} ms", lane.id(), backoffMs, e);
                decide(() -> scheduler.launchFailed(lane));
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    private Started launch(Lane lane, boolean cold) {
        int number = workerNumbers.incrementAndGet();
        boolean compiled = compiles(lane);
        try {
            return new Started(launch(number, lane, compiled, cold), lane, cold);
        } catch (IOException e) {
            if (!compiled || timers.isShutdown() || Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            log.warn("worker {} did not start with the Graal compiler ({}); falling back to interpreted mode", number, e.getMessage());
            useCompiler = false;
            try {
                return new Started(launch(number, lane, false, cold), lane, cold);
            } catch (IOException again) {
                throw new IllegalStateException(again.getMessage(), again);
            }
        }
    }

    /**
     * A cold worker replaces a missing one: it skips the warm-up and takes traffic as soon as its engine is up; so does
     * a confined one. Workers started after the pool's start (replacements, spares) compile with one compiler
     * thread, so their warm-up cannot take both cores from the workers that serve.
     */
    private WorkerProcess launch(int number, Lane lane, boolean withCompiler, boolean cold) throws IOException {
        boolean replacement = serving;
        if (replacement) {
            restarts.incrementAndGet();
        }
        Process process = launcher.start(policy.workers().heapMb(), withCompiler, replacement);
        WorkerProcess worker = new WorkerProcess(number, process, maxFrameBytes);
        RuntimePolicy.LaneSize size = policy.size(lane);
        // the confined lane's workers run rare, suspect hooks one at a time, and a lane that never compiles has nothing
        // to warm: a warm-up would cost more than it saves, and take CPU from the workers starting beside it
        int warmupRuns = !cold && lane != Lane.CONFINED && size.compiled() ? policy.workers().warmupRuns() : 0;
        if (warmupRuns > 0 && !replacement) {
            warmingAtStart.add(number);
        }
        worker.begin(new ToWorker.Configure(policy.limits(), policy.console(), size.threads(),
                warmupRuns, warmupRuns > 0 ? policy.workers().warmupMaxMs() : 0, policy.contexts()), this);
        try {
            FromWorker.Ready ready = worker.ready().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (withCompiler && !ready.optimizing()) {
                log.warn("worker {} runs GraalJS interpreted ({}) although the compiler was requested", number, ready.engine());
            }
            if (withCompiler || lastReady == null) {
                lastReady = ready;
            }
            return worker;
        } catch (ExecutionException | TimeoutException e) {
            worker.kill();
            throw new IOException(e.getCause() == null ? e.toString() : e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting worker " + number, e);
        }
    }

    private void admit(Started started) {
        decide(() -> {
            processes.put(started.process().number, started);
            scheduler.workerReady(started.process().number, started.lane(), started.cold());
        });
    }

    // ---- status ----

    @Override
    public RuntimeStatus status() {
        lock.lock();
        try {
            List<RuntimeStatus.LaneStatus> lanes = new ArrayList<>();
            boolean canServe = true;
            for (Lane lane : Lane.values()) {
                Scheduler.LaneStatus each = scheduler.status(lane);
                lanes.add(new RuntimeStatus.LaneStatus(lane, each.active(), each.wanted(), each.spares(), each.launching(),
                        each.running(), each.queued(), each.canServe()));
                canServe &= lane == Lane.CONFINED || each.canServe();
            }
            Scheduler.LaneStatus production = scheduler.status(Lane.PRODUCTION);
            FromWorker.Ready engine = lastReady;
            boolean warm = warmedUp.isDone();
            return new RuntimeStatus(production.active(), production.wanted(), production.spares(), production.running(),
                    production.queued(), engine != null && engine.optimizing(),
                    engine == null ? "unknown" : engine.engine(), restarts.get(), warm, warm && canServe,
                    scheduler.onProbation(), List.copyOf(lanes));
        } finally {
            lock.unlock();
        }
    }

    /** The pids of the workers serving now, for tests and diagnostics. */
    public List<Long> workerPids() {
        lock.lock();
        try {
            return processes.values().stream().map(started -> started.process().pid()).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<Decision> decisions;
        lock.lock();
        try {
            if (timers.isShutdown()) {
                return;
            }
            timers.shutdownNow();
            scheduler.close();
            decisions = scheduler.drain();
        } finally {
            lock.unlock();
        }
        carryOut(decisions);
        fetches.close();
        queries.close();
        spawner.shutdownNow();
    }
}
