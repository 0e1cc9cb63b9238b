package io.hookbox.egress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server's single door to the outside for hooks: one policy, one budget per run and per tenant, one record of
 * every request. Each run opens a {@link Session}; its requests run on virtual threads, at most
 * {@code maxConcurrentPerRun} at once (the rest wait their turn), each bounded by what is left of the run's time.
 * Closing a session abandons what is still in flight. Thread-safe.
 */
public final class EgressService implements AutoCloseable {

    /** How a request ended: a response, or an error in words (the cause of the hook's "fetch failed"). */
    public record Outcome(EgressResponse response, String error) {
        static Outcome failed(String error) {
            return new Outcome(null, error);
        }
    }

    /** The User-Agent of every request: hookbox and its version; hooks cannot change it. */
    public static final String USER_AGENT = "hookbox/" + version();

    private static final int MAX_REFUSALS_LOGGED = 10;

    private final EgressPolicy policy;
    private final EgressClient client;
    private final TenantRate rate;
    private final Function<String, HostRules> tenantHosts;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hookbox-egress-", 0).factory());

    /** {@code tenantHosts}: a tenant's own allow-list, {@link HostRules#NONE} when it has none. */
    public EgressService(EgressPolicy policy, Resolver resolver, String userAgent, Function<String, HostRules> tenantHosts) {
        this.policy = policy;
        EgressGuard guard = new EgressGuard(policy, resolver);
        this.client = new EgressClient(guard, userAgent);
        this.rate = new TenantRate(policy.requestsPerMinute());
        this.tenantHosts = tenantHosts;
        warmUp(guard);
    }

    /**
     * Checks a few addresses once, so the address classification is loaded and initialised at start rather than
     * during a hook's first request, which would otherwise spend part of its run's time on it.
     */
    private static void warmUp(EgressGuard guard) {
        for (String url : List.of("http://10.0.0.1/", "http://[fd00::1]/", "http://0x7f.1/", "http://203.0.113.9:81/")) {
            try {
                guard.check(url, HostRules.NONE);
            } catch (EgressDenied expected) {
                // refused, as the warm-up expects
            }
        }
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** Opens the requests of one run, which must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
    public Session open(String tenantId, long deadlineNanos) {
        return new Session(tenantId, deadlineNanos);
    }

    /** The requests of one run. */
    public final class Session {
        private final String tenantId;
        private final long deadlineNanos;
        private final List<RequestLog> log = new ArrayList<>();
        private final Map<Integer, EgressClient.Call> inFlight = new HashMap<>();
        private final Deque<Runnable> waiting = new ArrayDeque<>();
        private int started;
        private boolean closed;

        private Session(String tenantId, long deadlineNanos) {
            this.tenantId = tenantId;
            this.deadlineNanos = deadlineNanos;
        }

        /** Sends the request; {@code done} is called exactly once, on another thread, unless the session is closed first. */
        public void send(int number, EgressRequest request, Consumer<Outcome> done) {
            String refusal = admit();
            if (refusal != null) {
                record(request, null, 0, refusal);
                done.accept(Outcome.failed(refusal));
                return;
            }
            EgressClient.Call call = new EgressClient.Call();
            Runnable task = () -> threads.execute(() -> run(number, request, call, done));
            synchronized (this) {
                if (closed) {
                    return;
                }
                inFlight.put(number, call);
                if (running() > policy.maxConcurrentPerRun()) {
                    waiting.addLast(task);
                    return;
                }
            }
            task.run();
        }

        /** The hook aborted the request: it stops, and its outcome is no longer delivered. */
        public void abort(int number) {
            EgressClient.Call call;
            synchronized (this) {
                call = inFlight.get(number);
            }
            if (call != null) {
                cancelAside(List.of(call), "the request was aborted");
            }
        }

        /** Ends the run's requests: what is in flight is abandoned. Returns every request the run made. */
        public List<RequestLog> close() {
            List<EgressClient.Call> abandoned;
            synchronized (this) {
                closed = true;
                abandoned = List.copyOf(inFlight.values());
                inFlight.clear();
                waiting.clear();
            }
            cancelAside(abandoned, "the run ended before the response arrived");
            synchronized (log) {
                return List.copyOf(log);
            }
        }

        /**
         * Cancels on a thread of its own: closing a connection may wait for the thread reading it, and the callers
         * (a worker's reader, the pool under its lock) must never wait for that.
         */
        private void cancelAside(List<EgressClient.Call> calls, String reason) {
            if (calls.isEmpty()) {
                return;
            }
            try {
                threads.execute(() -> calls.forEach(call -> call.cancel(reason)));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                calls.forEach(call -> call.cancel(reason));
            }
        }

        private synchronized String admit() {
            if (!policy.enabled()) {
                return "fetch is disabled on this server (egress.enabled is false)";
            }
            if (closed) {
                return "the run has ended";
            }
            if (started >= policy.maxRequestsPerRun()) {
                return "more than " + policy.maxRequestsPerRun() + " requests in one run";
            }
            if (!rate.tryAcquire(tenantId)) {
                return "the tenant's budget of " + rate.perMinute() + " requests per minute is used up";
            }
            started++;
            return null;
        }

        private int running() {
            return inFlight.size() - waiting.size();
        }

        private void run(int number, EgressRequest request, EgressClient.Call call, Consumer<Outcome> done) {
            long startNanos = System.nanoTime();
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - startNanos);
            Outcome outcome;
            if (remainingMs <= 0) {
                outcome = Outcome.failed("the run has no time left for the request");
            } else {
                try {
                    outcome = new Outcome(client.send(request, tenantHosts.apply(tenantId), remainingMs, call), null);
                } catch (EgressDenied | EgressFailure e) {
                    outcome = Outcome.failed(e.getMessage());
                } catch (RuntimeException e) {
                    outcome = Outcome.failed("the request failed: " + e);
                }
            }
            EgressResponse response = outcome.response();
            record(request, response, startNanos, outcome.error());
            Runnable next;
            synchronized (this) {
                if (closed || inFlight.remove(number) == null) {
                    return;
                }
                next = waiting.pollFirst();
            }
            if (next != null) {
                next.run();
            }
            done.accept(outcome);
        }

        private void record(EgressRequest request, EgressResponse response, long startNanos, String error) {
            long durationMs = startNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            RequestLog entry = new RequestLog(request.method().toUpperCase(java.util.Locale.ROOT), request.url(),
                    response == null ? 0 : response.status(), durationMs, response == null ? 0 : response.body().length, error);
            synchronized (log) {
                // a flood of refused requests is not worth keeping one by one
                if (log.size() < policy.maxRequestsPerRun() + MAX_REFUSALS_LOGGED) {
                    log.add(entry);
                }
            }
        }
    }

    private static String version() {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.InputStream in = EgressService.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (java.io.IOException ignored) {
            // the version is only informative
        }
        return properties.getProperty("version", "dev");
    }

    @Override
    public void close() {
        threads.shutdownNow();
        client.close();
    }
}
