package io.hookbox.egress;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A URL the guard checked: the canonical host, the port, and the only addresses a connection may go to. */
public record Target(URI uri, String host, int port, List<InetAddress> addresses) {

    public Target {
        addresses = List.copyOf(addresses);
    }

    /** scheme://host:port, to tell whether a redirect changed the origin. */
    public String origin() {
        return uri.getScheme() + "://" + host + ":" + port;
    }
}
