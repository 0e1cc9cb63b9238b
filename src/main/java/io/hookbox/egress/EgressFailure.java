package io.hookbox.egress;

/** A request that was sent, or started, and failed: the message says why in words, as the hook sees it. */
public final class EgressFailure extends Exception {

    public EgressFailure(String message) {
        super(message);
    }
}
