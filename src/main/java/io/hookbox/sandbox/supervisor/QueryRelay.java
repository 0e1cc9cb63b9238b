package io.hookbox.sandbox.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.sandbox.HostQueries;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries hooks' questions to the host (users.exists) from the workers to whoever answers them for the run (its
 * {@link HostQueries}, closed over the run's tenant), off the thread that reads the worker's frames, and the answers
 * back. Thread-safe; close it to stop answering.
 */
final class QueryRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryRelay.class);

    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();

    /** Asks {@code queries} the run's question and answers the worker when it has the answer. */
    void ask(WorkerProcess worker, HostQueries queries, FromWorker.Query query) {
        answering.submit(() -> {
            HostQueries.Answer answer;
            try {
                answer = queries.ask(query.name(), query.argument() == null ? "" : query.argument());
            } catch (RuntimeException e) {
                log.error("could not answer {} for run {}", query.name(), query.id(), e);
                answer = HostQueries.Answer.error("hookbox could not answer " + query.name());
            }
            try {
                worker.send(new ToWorker.QueryDone(query.id(), query.query(), encode(answer)));
            } catch (IOException workerGone) {
                // the run ended with its worker; nobody waits for this answer
            }
        });
    }

    private static String encode(HostQueries.Answer answer) {
        ObjectNode json = Frames.MAPPER.createObjectNode();
        if (answer.error() != null) {
            json.put("error", answer.error());
        } else {
            try {
                json.set("value", Frames.MAPPER.readTree(answer.value()));
            } catch (JsonProcessingException e) {
                json.put("error", "hookbox could not answer");
            }
        }
        return json.toString();
    }

    @Override
    public void close() {
        answering.shutdownNow();
    }
}
