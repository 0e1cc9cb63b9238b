package io.hookbox.sandbox.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.HostQueries;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hooks' requests on their way to the server and back: the worker has no sockets and no store, so a fetch or a
 * question to the host (users.exists) becomes a frame to the server, whose answer lands in the waiting run's mailbox,
 * to be handed to the guest on the run's own thread.
 * Thread-safe.
 */
final class HostCalls {

    private static final String OFFLINE = "{\"error\":\"fetch is not available in this runtime\"}";

    private final Consumer<FromWorker> server;
    private final Map<Long, Invocation> waiting = new ConcurrentHashMap<>();

    /** {@code server}: where requests go; null for a runtime with no server, where every fetch fails. */
    HostCalls(Consumer<FromWorker> server) {
        this.server = server;
    }

    static HostCalls offline() {
        return new HostCalls(null);
    }

    /** Sends the guest's request (JSON text: method, url, headers, body in base64, redirect); returns its number. */
    int send(Invocation invocation, String requestJson) {
        int number = invocation.callStarted();
        if (server == null) {
            invocation.deliver(number, OFFLINE);
            return number;
        }
        JsonNode request;
        try {
            request = Frames.MAPPER.readTree(requestJson);
        } catch (JsonProcessingException e) {
            invocation.deliver(number, "{\"error\":\"the request could not be read\"}");
            return number;
        }
        List<List<String>> headers = new ArrayList<>();
        for (JsonNode pair : request.path("headers")) {
            headers.add(List.of(pair.path(0).asText(), pair.path(1).asText()));
        }
        waiting.put(invocation.id, invocation);
        server.accept(new FromWorker.Fetch(invocation.id, number, request.path("method").asText("GET"),
                request.path("url").asText(), headers, request.path("body").isTextual() ? request.path("body").asText() : null,
                request.path("redirect").asText("follow")));
        return number;
    }

    /**
     * Sends the guest's question {@code name} with its {@code argument}; returns its number. A question beyond the
     * run's allowance is refused here, without a frame, so that a flood of them costs the server nothing.
     */
    int ask(Invocation invocation, String name, String argument) {
        int number = invocation.callStarted();
        if (invocation.questionAsked() > HostQueries.MAX_PER_RUN) {
            invocation.deliver(number, "{\"error\":\"" + HostQueries.tooMany().error() + "\"}");
            return number;
        }
        if (server == null) {
            invocation.deliver(number, "{\"error\":\"" + name + " is not available in this runtime\"}");
            return number;
        }
        waiting.put(invocation.id, invocation);
        server.accept(new FromWorker.Query(invocation.id, number, name, argument));
        return number;
    }

    /** The guest aborted a request: the server stops it, and its answer will be dropped. */
    void abort(Invocation invocation, int number) {
        if (invocation.callAbandoned(number) && server != null) {
            server.accept(new FromWorker.FetchAbort(invocation.id, number));
        }
    }

    /** The server's answer to call {@code number} of run {@code runId}: into the mailbox of the run still waiting for it, or nowhere. */
    void deliver(long runId, int number, String outcome) {
        Invocation invocation = waiting.get(runId);
        if (invocation != null) {
            invocation.deliver(number, outcome);
        }
    }

    void forget(Invocation invocation) {
        waiting.remove(invocation.id);
    }
}
