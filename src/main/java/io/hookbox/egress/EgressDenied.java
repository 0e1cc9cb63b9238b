package io.hookbox.egress;

/** A request the egress guard refused; the message says why in words, as the hook sees it. */
public final class EgressDenied extends Exception {

    public EgressDenied(String reason) {
        super("EGRESS_DENIED: " + reason);
    }
}
