package io.hookbox.sandbox.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.HostRules;
import io.hookbox.egress.RequestLog;
import io.hookbox.egress.Resolver;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.RuntimeStatus;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's side of the sandbox: a pool of worker JVMs that run hooks, supervised so no hook can take
 * the server or another tenant's run down with it.
 * <ul>
 * <li>Each run gets a hard deadline (timeout plus a grace period). A worker that misses it, or reports a run it
 * cannot stop, is killed; that run ends with the limit it broke, and the worker's other runs, which did
 * nothing wrong, start again on another worker.</li>
 * <li>A worker that dies on its own, or fails in a way no single run can be blamed for (its heap or its engine),
 * is replaced, and each of its runs is retried once alone on an idle worker: a run that fails alone is the
 * cause, and only it gets the error.</li>
 * <li>Replacements start off the request path; a warm spare takes over at once.</li>
 * <li>Runs of one tenant prefer the same worker, which bounds what a misbehaving tenant can disturb. A tenant whose
 * run got a worker killed is quarantined for a while: one run at a time, on its own worker only, and only while
 * the pool is at full strength, so it can never take down the workers the other tenants are using.</li>
 * </ul>
 * Thread-safe; all state is guarded by one lock, and no I/O happens while holding it.
 */
public final class WorkerPool implements HookRuntime, WorkerProcess.Listener {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long STARTUP_TIMEOUT_SECONDS = 180;

    /** A run waiting for, or held by, a worker. */
    private static final class Pending {
        final RunRequest request;
        final String input;
        final boolean validateOnly;
        final CompletableFuture<RunResult> result = new CompletableFuture<>();
        final long createdNanos = System.nanoTime();
        boolean solo;
        int attempts;
        ScheduledFuture<?> queueTimeout;

        Pending(RunRequest request, String input, boolean validateOnly) {
            this.request = request;
            this.input = input;
            this.validateOnly = validateOnly;
        }
    }

    /** A run handed to a worker. {@code limitCode} is the limit the worker said it is cancelling the run for. */
    static final class Dispatch {
        final long id;
        final Pending pending;
        final WorkerProcess worker;
        final long startNanos = System.nanoTime();
        ScheduledFuture<?> deadline;
        ErrorCode limitCode;

        Dispatch(long id, Pending pending, WorkerProcess worker) {
            this.id = id;
            this.pending = pending;
            this.worker = worker;
        }
    }

    private record Send(WorkerProcess worker, ToWorker.Run message) {
    }

    private final RuntimePolicy policy;
    private final WorkerLauncher launcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<WorkerProcess> active = new ArrayList<>();
    private final Deque<WorkerProcess> spares = new ArrayDeque<>();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Map<Long, Dispatch> dispatches = new HashMap<>();
    private final Map<String, Long> quarantinedUntilNanos = new HashMap<>();
    private final ScheduledThreadPoolExecutor timers = newTimers();
    private final ExecutorService spawner;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final int maxFrameBytes;
    private final FetchRelay fetches;
    private long nextRunId;
    private long restarts;
    private boolean closed;
    private volatile boolean useCompiler;
    private volatile FromWorker.Ready lastReady;

    private WorkerPool(RuntimePolicy policy, WorkerLauncher launcher, EgressService egress) {
        this.policy = policy;
        this.launcher = launcher;
        this.fetches = new FetchRelay(egress);
        this.useCompiler = launcher.compilerAvailable();
        this.maxFrameBytes = 4 * (policy.limits().maxResultBytes() + policy.console().maxBytes())
                + 2 * policy.egress().maxRequestBytes() + (1 << 20);
        this.spawner = Executors.newFixedThreadPool(Math.max(1, Math.min(4, policy.workers().count() + policy.workers().spares())),
                Thread.ofPlatform().name("hookbox-pool-spawner-", 0).daemon(true).factory());
        if (!useCompiler) {
            log.warn("Hooks will run interpreted, several times slower: the Graal compiler is not available "
                    + "(it needs JDK 21+ and target/compiler/compiler.jar) or this pool was started without it");
        }
    }

    /** Starts the workers, with hooks' requests resolved by the system and no tenant allow-lists. */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher) {
        return start(policy, launcher, new EgressService(policy.egress(), Resolver.SYSTEM, EgressService.USER_AGENT,
                tenant -> HostRules.NONE));
    }

    /**
     * Starts the workers and returns once all the active ones are warmed up and ready; hooks' requests go out through
     * {@code egress}, which the pool closes with itself.
     */
    public static WorkerPool start(RuntimePolicy policy, WorkerLauncher launcher, EgressService egress) {
        WorkerPool pool = new WorkerPool(policy, launcher, egress);
        int wanted = policy.workers().count() + policy.workers().spares();
        List<CompletableFuture<WorkerProcess>> starts = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            starts.add(CompletableFuture.supplyAsync(pool::launch, pool.spawner));
        }
        try {
            for (CompletableFuture<WorkerProcess> start : starts) {
                pool.admit(start.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            pool.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("hookbox could not start its worker processes: " + cause.getMessage(), cause);
        }
        FromWorker.Ready ready = pool.lastReady;
        log.info("{} workers ready ({} spare), {} run threads each, engine {}{}", policy.workers().count(),
                policy.workers().spares(), policy.workers().threads(), ready.engine(),
                ready.optimizing() ? " with the optimizing compiler" : ", interpreted only");
        return pool;
    }

    @Override
    public RuntimePolicy policy() {
        return policy;
    }

    @Override
    public RunResult run(RunRequest request) {
        return await(submit(request, false));
    }

    @Override
    public RunResult validate(String tenantId, String source) {
        return await(submit(new RunRequest(tenantId, source, null), true));
    }

    /** Starts a run; the future always completes, with the hook's outcome or the error that ended it. */
    public CompletableFuture<RunResult> submit(RunRequest request, boolean validateOnly) {
        RunResult refused = checkSizes(request);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        String input;
        try {
            input = validateOnly || request.data() == null ? "{}" : Frames.MAPPER.writeValueAsString(request.data());
        } catch (JsonProcessingException e) {
            return CompletableFuture.completedFuture(RunResult.failure(ErrorCode.INTERNAL, "the data could not be encoded: " + e.getMessage()));
        }
        if (input.getBytes(StandardCharsets.UTF_8).length > policy.limits().maxInputBytes()) {
            return CompletableFuture.completedFuture(RunResult.failure(ErrorCode.INPUT_TOO_LARGE,
                    "the data is larger than " + policy.limits().maxInputBytes() + " bytes of JSON"));
        }
        Pending pending = new Pending(request, input, validateOnly);
        List<Send> sends;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.completedFuture(RunResult.failure(ErrorCode.INTERNAL, "hookbox is shutting down"));
            }
            Optional<Send> send = tryDispatch(pending);
            if (send.isEmpty()) {
                if (queue.size() >= policy.queue().maxLength()) {
                    return CompletableFuture.completedFuture(RunResult.failure(ErrorCode.BUSY, "all "
                            + policy.maxConcurrent() + " hook threads are busy and " + queue.size()
                            + " runs are already waiting; try again shortly"));
                }
                enqueue(pending, false);
            }
            sends = send.map(List::of).orElse(List.of());
        } finally {
            lock.unlock();
        }
        deliver(sends);
        return pending.result;
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

    private RunResult await(CompletableFuture<RunResult> result) {
        long patienceMs = policy.queue().maxWaitMs()
                + MAX_ATTEMPTS * (policy.limits().timeoutMs() + policy.workers().killGraceMs()) + TimeUnit.MINUTES.toMillis(1);
        try {
            return result.get(patienceMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunResult.failure(ErrorCode.INTERNAL, "interrupted while waiting for the hook");
        } catch (ExecutionException | TimeoutException e) {
            log.error("a run was never answered", e);
            return RunResult.failure(ErrorCode.INTERNAL, "hookbox lost track of this run");
        }
    }

    // ---- dispatching (lock held) ----

    private Optional<Send> tryDispatch(Pending pending) {
        WorkerProcess worker = pending.solo ? idleWorkerForSolo() : workerFor(pending.request.tenantId());
        if (worker == null) {
            return Optional.empty();
        }
        long id = ++nextRunId;
        Dispatch dispatch = new Dispatch(id, pending, worker);
        dispatch.deadline = timers.schedule(() -> onDeadline(id),
                policy.limits().timeoutMs() + policy.workers().killGraceMs(), TimeUnit.MILLISECONDS);
        worker.inFlight.put(id, dispatch);
        dispatches.put(id, dispatch);
        if (pending.solo) {
            worker.runningSolo = true;
            worker.reservedForSolo = false;
        }
        if (pending.queueTimeout != null) {
            pending.queueTimeout.cancel(false);
        }
        return Optional.of(new Send(worker, new ToWorker.Run(id, pending.request.source(), pending.input, pending.validateOnly,
                pending.request.reuseScope())));
    }

    /**
     * The tenant's own worker when it has a free thread, else the least loaded one that has. A quarantined tenant
     * gets its own worker or nothing.
     */
    private WorkerProcess workerFor(String tenantId) {
        if (active.isEmpty()) {
            return null;
        }
        WorkerProcess preferred = active.get(Math.floorMod(tenantId == null ? 0 : tenantId.hashCode(), active.size()));
        if (isQuarantined(tenantId)) {
            boolean mayRun = active.size() >= policy.workers().count() && !hasRunInFlight(tenantId) && acceptsWork(preferred);
            return mayRun ? preferred : null;
        }
        if (acceptsWork(preferred)) {
            return preferred;
        }
        return active.stream().filter(this::acceptsWork).min(Comparator.comparingInt(WorkerProcess::load)).orElse(null);
    }

    private void quarantine(String tenantId) {
        long quarantineMs = policy.workers().quarantineMs();
        if (tenantId == null || quarantineMs == 0) {
            return;
        }
        log.warn("tenant {} got a worker killed; it runs one hook at a time on its own worker for {} ms", tenantId, quarantineMs);
        quarantinedUntilNanos.put(tenantId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quarantineMs));
        timers.schedule(this::pumpQueue, quarantineMs, TimeUnit.MILLISECONDS);
    }

    private boolean isQuarantined(String tenantId) {
        Long until = tenantId == null ? null : quarantinedUntilNanos.get(tenantId);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() <= 0) {
            quarantinedUntilNanos.remove(tenantId);
            return false;
        }
        return true;
    }

    private boolean hasRunInFlight(String tenantId) {
        return dispatches.values().stream().anyMatch(dispatch -> tenantId.equals(dispatch.pending.request.tenantId()));
    }

    /** Dispatches what waits and can now run: runs of a tenant whose quarantine has just ended. */
    private void pumpQueue() {
        List<Send> sends;
        lock.lock();
        try {
            sends = pump();
        } finally {
            lock.unlock();
        }
        deliver(sends);
    }

    private boolean acceptsWork(WorkerProcess worker) {
        return !worker.draining && !worker.reservedForSolo && !worker.runningSolo
                && worker.load() < policy.workers().threads();
    }

    /**
     * An idle worker for a run that must be alone: a spare, or an active worker with nothing to do. If there
     * is none, the least loaded active worker stops taking new work until it is idle.
     */
    private WorkerProcess idleWorkerForSolo() {
        for (WorkerProcess spare : spares) {
            if (spare.inFlight.isEmpty() && !spare.runningSolo) {
                return spare;
            }
        }
        for (WorkerProcess worker : active) {
            if (worker.inFlight.isEmpty() && !worker.draining && !worker.runningSolo) {
                return worker;
            }
        }
        if (active.stream().noneMatch(worker -> worker.reservedForSolo)) {
            active.stream().filter(worker -> !worker.draining && !worker.runningSolo)
                    .min(Comparator.comparingInt(WorkerProcess::load))
                    .ifPresent(worker -> worker.reservedForSolo = true);
        }
        return null;
    }

    private void enqueue(Pending pending, boolean front) {
        if (front) {
            queue.addFirst(pending);
        } else {
            queue.addLast(pending);
        }
        pending.queueTimeout = timers.schedule(() -> onQueueTimeout(pending), policy.queue().maxWaitMs(), TimeUnit.MILLISECONDS);
    }

    private List<Send> pump() {
        List<Send> sends = new ArrayList<>();
        for (Iterator<Pending> waiting = queue.iterator(); waiting.hasNext(); ) {
            Pending pending = waiting.next();
            Optional<Send> send = tryDispatch(pending);
            if (send.isPresent()) {
                waiting.remove();
                sends.add(send.get());
            }
        }
        return sends;
    }

    private void deliver(List<Send> sends) {
        for (Send send : sends) {
            try {
                send.worker().send(send.message());
            } catch (IOException e) {
                log.warn("{} could not take a run ({}); replacing it", send.worker(), e.getMessage());
                lock.lock();
                List<Send> more;
                try {
                    more = removeWorker(send.worker(), null, true);
                } finally {
                    lock.unlock();
                }
                deliver(more);
            }
        }
    }

    // ---- events ----

    @Override
    public void onMessage(WorkerProcess worker, FromWorker message) {
        if (message instanceof FromWorker.Fetch fetch) {
            relay(worker, fetch);
            return;
        }
        if (message instanceof FromWorker.FetchAbort abort) {
            fetches.abort(abort);
            return;
        }
        List<Send> sends = List.of();
        lock.lock();
        try {
            switch (message) {
                case FromWorker.Finished finished -> sends = onFinished(worker, finished);
                case FromWorker.Cancelling cancelling -> {
                    Dispatch dispatch = dispatches.get(cancelling.id());
                    if (dispatch != null) {
                        dispatch.limitCode = cancelling.code();
                    }
                }
                case FromWorker.Unstoppable unstoppable -> {
                    Dispatch dispatch = dispatches.get(unstoppable.id());
                    if (dispatch != null) {
                        dispatch.limitCode = unstoppable.code();
                        log.warn("{} cannot stop a run that hit {}; killing the worker", worker, unstoppable.code());
                        sends = removeWorker(worker, dispatch, false);
                    }
                }
                case FromWorker.Ready ignored -> {
                }
                case FromWorker.Fetch ignored -> {
                }
                case FromWorker.FetchAbort ignored -> {
                }
            }
        } finally {
            lock.unlock();
        }
        deliver(sends);
    }

    /** Hands a run's request to the egress service, outside the lock: it answers the worker itself. */
    private void relay(WorkerProcess worker, FromWorker.Fetch fetch) {
        String tenantId;
        long deadlineNanos;
        lock.lock();
        try {
            Dispatch dispatch = dispatches.get(fetch.id());
            if (dispatch == null || dispatch.worker != worker) {
                return;
            }
            tenantId = dispatch.pending.request.tenantId();
            // a tenth of the run's time is kept back, so the hook can still handle a request that timed out
            long timeoutMs = policy.limits().timeoutMs();
            deadlineNanos = dispatch.startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs - timeoutMs / 10);
        } finally {
            lock.unlock();
        }
        fetches.fetch(worker, tenantId, deadlineNanos, fetch);
        lock.lock();
        try {
            if (!dispatches.containsKey(fetch.id())) {
                fetches.end(fetch.id());
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Send> onFinished(WorkerProcess worker, FromWorker.Finished finished) {
        Dispatch dispatch = dispatches.remove(finished.id());
        List<RequestLog> requests = fetches.end(finished.id());
        if (dispatch == null) {
            return List.of();
        }
        dispatch.deadline.cancel(false);
        worker.inFlight.remove(finished.id());
        worker.runningSolo = false;
        if (finished.broken()) {
            worker.draining = true;
        }
        Pending pending = dispatch.pending;
        if (finished.unattributed() && !pending.solo && pending.attempts + 1 < MAX_ATTEMPTS) {
            retry(pending, true);
        } else {
            pending.result.complete(finished.result().withRequests(requests));
        }
        if (worker.draining && worker.inFlight.isEmpty()) {
            log.warn("{} reported a broken engine or heap; replacing it", worker);
            return removeWorker(worker, null, false);
        }
        promoteSpare();
        return pump();
    }

    private void onDeadline(long id) {
        List<Send> sends = List.of();
        lock.lock();
        try {
            Dispatch dispatch = dispatches.get(id);
            if (dispatch != null) {
                log.warn("{} missed the deadline of run {} ({}); killing the worker", dispatch.worker, id,
                        dispatch.limitCode == null ? "no answer" : dispatch.limitCode);
                sends = removeWorker(dispatch.worker, dispatch, false);
            }
        } finally {
            lock.unlock();
        }
        deliver(sends);
    }

    private void onQueueTimeout(Pending pending) {
        lock.lock();
        try {
            if (!queue.remove(pending)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        pending.result.complete(RunResult.failure(ErrorCode.BUSY, "no hook thread became free within "
                + policy.queue().maxWaitMs() + " ms; try again shortly"));
    }

    @Override
    public void onExit(WorkerProcess worker) {
        List<Send> sends = List.of();
        lock.lock();
        try {
            if (!worker.removed && !closed) {
                log.warn("{} exited unexpectedly; its last output: {}", worker, String.join(" | ", worker.stderrTail()));
                sends = removeWorker(worker, null, true);
            }
        } finally {
            lock.unlock();
        }
        deliver(sends);
    }

    /**
     * Takes a worker out of service and kills it. {@code culprit}, when known, ends with the limit it broke; the
     * worker's other runs start again. When the worker {@code crashed} with no known culprit, each of its runs is
     * retried alone, and a run that was already alone is the cause.
     */
    private List<Send> removeWorker(WorkerProcess worker, Dispatch culprit, boolean crashed) {
        if (worker.removed) {
            return List.of();
        }
        worker.removed = true;
        active.remove(worker);
        spares.remove(worker);
        worker.kill();
        restarts++;
        boolean outOfMemory = worker.stderrTail().stream().anyMatch(line -> line.contains("OutOfMemoryError"));
        for (Dispatch dispatch : worker.inFlight.values()) {
            dispatches.remove(dispatch.id);
            dispatch.deadline.cancel(false);
            List<RequestLog> requests = fetches.end(dispatch.id);
            Pending pending = dispatch.pending;
            if (dispatch == culprit) {
                quarantine(pending.request.tenantId());
                ErrorCode code = dispatch.limitCode == null ? ErrorCode.TIMEOUT : dispatch.limitCode;
                pending.result.complete(RunResult.failure(RunError.of(code, policy.limitMessage(code)
                        + "; hookbox stopped it by restarting the worker that ran it"), List.of(), elapsedMillis(dispatch))
                        .withRequests(requests));
            } else if (!crashed && pending.attempts + 1 < MAX_ATTEMPTS) {
                retry(pending, false);
            } else if (crashed && !pending.solo && pending.attempts + 1 < MAX_ATTEMPTS) {
                retry(pending, true);
            } else {
                if (crashed && pending.solo) {
                    quarantine(pending.request.tenantId());
                }
                ErrorCode code = outOfMemory ? ErrorCode.MEMORY_LIMIT : ErrorCode.INTERNAL;
                String message = outOfMemory ? policy.limitMessage(ErrorCode.MEMORY_LIMIT)
                        + " (the worker running it ran out of memory)" : "the worker running this hook crashed";
                pending.result.complete(RunResult.failure(RunError.of(code, message), List.of(), elapsedMillis(dispatch)));
            }
        }
        worker.inFlight.clear();
        if (!closed) {
            promoteSpare();
            launchReplacement();
        }
        return pump();
    }

    private void retry(Pending pending, boolean alone) {
        pending.attempts++;
        pending.solo = alone;
        enqueue(pending, true);
    }

    private void promoteSpare() {
        while (active.size() < policy.workers().count() && !spares.isEmpty()) {
            WorkerProcess spare = spares.pollFirst();
            if (spare.runningSolo) {
                spares.addLast(spare);
                break;
            }
            active.add(spare);
        }
    }

    // ---- worker lifecycle ----

    private WorkerProcess launch() {
        int number = workerNumbers.incrementAndGet();
        try {
            return launch(number, useCompiler);
        } catch (IOException e) {
            if (!useCompiler || isClosed() || Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            log.warn("worker {} did not start with the Graal compiler ({}); falling back to interpreted mode", number, e.getMessage());
            useCompiler = false;
            try {
                return launch(number, false);
            } catch (IOException again) {
                throw new IllegalStateException(again.getMessage(), again);
            }
        }
    }

    private WorkerProcess launch(int number, boolean withCompiler) throws IOException {
        Process process = launcher.start(policy.workers().heapMb(), withCompiler);
        WorkerProcess worker = new WorkerProcess(number, process, maxFrameBytes);
        worker.begin(new ToWorker.Configure(policy.limits(), policy.console(), policy.workers().threads(),
                policy.workers().warmupRuns(), policy.workers().warmupMaxMs(), policy.contexts()), this);
        try {
            FromWorker.Ready ready = worker.ready().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (withCompiler && !ready.optimizing()) {
                log.warn("worker {} runs GraalJS interpreted ({}) although the compiler was requested", number, ready.engine());
            }
            lastReady = ready;
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

    private void admit(WorkerProcess worker) {
        List<Send> sends = List.of();
        lock.lock();
        try {
            if (closed) {
                worker.stop();
            } else if (active.size() < policy.workers().count()) {
                active.add(worker);
            } else if (spares.size() < policy.workers().spares()) {
                spares.addLast(worker);
            } else {
                worker.stop();
            }
            sends = pump();
        } finally {
            lock.unlock();
        }
        deliver(sends);
    }

    private void launchReplacement() {
        spawner.execute(() -> {
            long backoffMs = 500;
            long startedNanos = System.nanoTime();
            while (true) {
                try {
                    WorkerProcess worker = launch();
                    log.info("{} is ready to replace a stopped worker after {} ms", worker,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
                    admit(worker);
                    return;
                } catch (RuntimeException e) {
                    if (isClosed()) {
                        return;
                    }
                    log.error("could not start a replacement worker; retrying in {} ms", backoffMs, e);
                    try {
                        Thread.sleep(backoffMs);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoffMs = Math.min(backoffMs * 2, 30_000);
                }
            }
        });
    }

    /** Deadlines are nearly always cancelled; removing them at once keeps the timer queue as short as the runs in flight. */
    private static ScheduledThreadPoolExecutor newTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("hookbox-pool-timers").daemon(true).factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private static long elapsedMillis(Dispatch dispatch) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dispatch.startNanos);
    }

    @Override
    public RuntimeStatus status() {
        lock.lock();
        try {
            int running = dispatches.size();
            FromWorker.Ready ready = lastReady;
            return new RuntimeStatus(active.size(), policy.workers().count(), spares.size(), running, queue.size(),
                    ready != null && ready.optimizing(), ready == null ? "unknown" : ready.engine(), restarts);
        } finally {
            lock.unlock();
        }
    }

    /** The pids of the workers serving now, for tests and diagnostics. */
    public List<Long> workerPids() {
        lock.lock();
        try {
            List<Long> pids = new ArrayList<>();
            active.forEach(worker -> pids.add(worker.pid()));
            spares.forEach(worker -> pids.add(worker.pid()));
            return pids;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<WorkerProcess> workers;
        List<Pending> abandoned = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            workers = new ArrayList<>(active);
            workers.addAll(spares);
            active.clear();
            spares.clear();
            abandoned.addAll(queue);
            queue.clear();
            dispatches.values().forEach(dispatch -> abandoned.add(dispatch.pending));
            dispatches.clear();
            workers.forEach(worker -> worker.removed = true);
        } finally {
            lock.unlock();
        }
        abandoned.forEach(pending -> pending.result.complete(RunResult.failure(ErrorCode.INTERNAL, "hookbox is shutting down")));
        workers.forEach(WorkerProcess::stop);
        fetches.close();
        timers.shutdownNow();
        spawner.shutdownNow();
    }
}
