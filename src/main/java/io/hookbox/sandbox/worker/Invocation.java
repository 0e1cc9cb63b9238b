package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.ErrorCode;
import org.graalvm.polyglot.Context;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run in progress, shared by the thread executing it and the watchdog that may cancel it.
 * The first cancellation reason wins; it wakes a run that is waiting for a timer.
 */
final class Invocation {

    final long id;
    final Thread thread;
    final Context context;
    final ConsoleCapture console;
    final long startNanos;
    final long startCpuNanos;
    final long startAllocatedBytes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile ErrorCode cancelReason;
    private volatile String resultPath;
    private volatile long cancelledAtNanos;
    private boolean unstoppableReported;
    /** Answers to the run's host calls, waiting to be handed to the guest on the run's thread. */
    private final java.util.ArrayDeque<Answer> answers = new java.util.ArrayDeque<>();
    private final java.util.Set<Integer> outstanding = new java.util.HashSet<>();
    private int nextCall;
    /** Questions to the host asked so far; only the run's own thread counts them. */
    private int questionsAsked;

    /** The answer to host call {@code number}, as JSON text. */
    record Answer(int number, String json) {
    }

    Invocation(long id, Thread thread, Context context, ConsoleCapture console,
               long startNanos, long startCpuNanos, long startAllocatedBytes) {
        this.id = id;
        this.thread = thread;
        this.context = context;
        this.console = console;
        this.startNanos = startNanos;
        this.startCpuNanos = startCpuNanos;
        this.startAllocatedBytes = startAllocatedBytes;
    }

    /** Records the reason; returns true only for the first call, which must then cancel the context. */
    boolean markCancelled(ErrorCode reason) {
        lock.lock();
        try {
            if (cancelReason != null) {
                return false;
            }
            cancelReason = reason;
            cancelledAtNanos = System.nanoTime();
            wake.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    ErrorCode cancelReason() {
        return cancelReason;
    }

    /** The hook has ended and its result is being read, now at the getter {@code path} ("" when not in a getter). */
    void readingResult(String path) {
        resultPath = path;
    }

    /** The path of the result being read when the run was stopped, or null if it was stopped before. */
    String resultPath() {
        return resultPath;
    }

    /** The code the run ends with for a limit it hit: INVALID_RESULT when the limit hit while reading its result. */
    ErrorCode codeFor(ErrorCode limit) {
        return resultPath == null ? limit : ErrorCode.INVALID_RESULT;
    }

    long nanosSinceCancel() {
        return cancelReason == null ? 0 : System.nanoTime() - cancelledAtNanos;
    }

    /** True the first time only: the caller reports that the run will not stop. */
    boolean markUnstoppableReported() {
        if (unstoppableReported) {
            return false;
        }
        unstoppableReported = true;
        return true;
    }

    /** Numbers a new host call, which keeps the run waiting until its answer is taken or it is abandoned. */
    int callStarted() {
        lock.lock();
        try {
            outstanding.add(++nextCall);
            return nextCall;
        } finally {
            lock.unlock();
        }
    }

    /** Counts one more question to the host; returns how many the run has asked. */
    int questionAsked() {
        return ++questionsAsked;
    }

    /** True when the call was still outstanding; its answer, if it comes, is dropped. */
    boolean callAbandoned(int number) {
        lock.lock();
        try {
            return outstanding.remove(number);
        } finally {
            lock.unlock();
        }
    }

    /** Host calls started and neither answered to the guest nor abandoned. */
    int outstandingCalls() {
        lock.lock();
        try {
            return outstanding.size();
        } finally {
            lock.unlock();
        }
    }

    /** An answer arrived (on another thread): queue it for the run and wake it. */
    void deliver(int number, String json) {
        lock.lock();
        try {
            if (outstanding.contains(number)) {
                answers.addLast(new Answer(number, json));
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next answer for the guest, or null; a taken answer's call is no longer outstanding. */
    Answer takeAnswer() {
        lock.lock();
        try {
            Answer answer = answers.pollFirst();
            while (answer != null && !outstanding.remove(answer.number())) {
                answer = answers.pollFirst();
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a timer to come due, or returns early when the run is cancelled or a host call's answer arrives. */
    void sleep(long millis) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (cancelReason == null && remaining > 0 && answers.isEmpty()) {
                remaining = wake.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
