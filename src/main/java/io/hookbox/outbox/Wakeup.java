package io.hookbox.outbox;

/** Wakes the dispatcher waiting for work: entries were written or retried, or an attempt ended. Thread-safe. */
final class Wakeup {

    private boolean signalled;

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /** Waits at most {@code millis} for a signal, unless one came since the last wait. */
    synchronized void await(long millis) throws InterruptedException {
        if (!signalled && millis > 0) {
            wait(millis);
        }
        signalled = false;
    }
}
