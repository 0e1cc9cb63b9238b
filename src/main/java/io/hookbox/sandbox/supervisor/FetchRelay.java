package io.hookbox.sandbox.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.egress.EgressRequest;
import io.hookbox.egress.EgressResponse;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.RequestLog;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries hooks' fetch calls between the workers and the egress service: workers have no sockets of their own, so
 * every request goes out through the server's one policy and budget, and its record joins the run's result.
 * Thread-safe.
 */
final class FetchRelay implements AutoCloseable {

    /** The requests of one attempt of a run, on one worker. */
    private record Attempt(int workerNumber, EgressService.Session session) {
    }

    private final EgressService egress;
    private final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();
    /** The requests of runs whose worker was removed, until the run completes or starts again. */
    private final Map<Long, List<RequestLog>> orphaned = new ConcurrentHashMap<>();

    FetchRelay(EgressService egress) {
        this.egress = egress;
    }

    /** Sends the request of run {@code fetch.id()}, answering the worker when it ends. */
    void fetch(WorkerProcess worker, String tenantId, long deadlineNanos, FromWorker.Fetch fetch) {
        EgressService.Session session = attempts.computeIfAbsent(fetch.id(),
                id -> new Attempt(worker.number, egress.open(tenantId, deadlineNanos))).session();
        EgressRequest request;
        try {
            request = new EgressRequest(fetch.method() == null ? "GET" : fetch.method(), fetch.url(), fetch.headers(),
                    fetch.body() == null ? null : Base64.getDecoder().decode(fetch.body()), redirect(fetch.redirect()));
        } catch (IllegalArgumentException e) {
            answer(worker, fetch, failure("the request could not be read: " + e.getMessage()));
            return;
        }
        session.send(fetch.request(), request, outcome -> answer(worker, fetch, encode(outcome)));
    }

    void abort(FromWorker.FetchAbort abort) {
        Attempt attempt = attempts.get(abort.id());
        if (attempt != null) {
            attempt.session().abort(abort.request());
        }
    }

    /**
     * The run is over, or starts again: its requests still in flight are abandoned; returns every request its last
     * attempt made.
     */
    List<RequestLog> end(long runId) {
        Attempt attempt = attempts.remove(runId);
        List<RequestLog> kept = orphaned.remove(runId);
        return attempt != null ? attempt.session().close() : kept == null ? List.of() : kept;
    }

    /** The run is no longer on {@code workerNumber}: a request that arrived as it ended is abandoned with it. */
    void abandon(long runId, int workerNumber) {
        Attempt attempt = attempts.get(runId);
        if (attempt != null && attempt.workerNumber() == workerNumber && attempts.remove(runId, attempt)) {
            attempt.session().close();
        }
    }

    /** The worker is gone: its runs' requests are abandoned, and kept for the result of each run. */
    void workerRemoved(int workerNumber) {
        attempts.forEach((runId, attempt) -> {
            if (attempt.workerNumber() == workerNumber && attempts.remove(runId, attempt)) {
                orphaned.put(runId, attempt.session().close());
            }
        });
    }

    private static EgressRequest.Redirect redirect(String mode) {
        return mode == null ? EgressRequest.Redirect.FOLLOW : EgressRequest.Redirect.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    private static void answer(WorkerProcess worker, FromWorker.Fetch fetch, String outcome) {
        try {
            worker.send(new ToWorker.FetchDone(fetch.id(), fetch.request(), outcome));
        } catch (IOException workerGone) {
            // the run ended with its worker; nobody waits for this answer
        }
    }

    private static String encode(EgressService.Outcome outcome) {
        EgressResponse response = outcome.response();
        if (response == null) {
            return failure(outcome.error());
        }
        ObjectNode json = Frames.MAPPER.createObjectNode();
        json.put("status", response.status());
        json.put("statusText", response.statusText());
        ArrayNode headers = json.putArray("headers");
        response.headers().forEach(pair -> headers.addArray().add(pair.get(0)).add(pair.get(1)));
        json.put("url", response.url());
        json.put("redirected", response.redirected());
        json.put("body", Base64.getEncoder().encodeToString(response.body()));
        return write(json);
    }

    private static String failure(String error) {
        ObjectNode json = Frames.MAPPER.createObjectNode();
        json.put("error", error);
        return write(json);
    }

    private static String write(ObjectNode json) {
        try {
            return Frames.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void close() {
        attempts.keySet().forEach(this::end);
        orphaned.clear();
        egress.close();
    }
}
