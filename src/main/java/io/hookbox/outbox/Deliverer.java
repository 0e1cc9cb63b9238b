package io.hookbox.outbox;

/** Runs one attempt of a claimed entry: the hook it names, on its data. Implementations are thread-safe. */
@FunctionalInterface
public interface Deliverer {

    Attempt deliver(OutboxEntry entry);
}
