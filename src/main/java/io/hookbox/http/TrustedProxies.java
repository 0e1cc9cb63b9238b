package io.hookbox.http;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose forwarding headers are believed ({@code HOOKBOX_TRUSTED_PROXIES}: addresses and CIDR
 * ranges, comma-separated). A request from anyone else is from its peer address, whatever it claims; from a trusted
 * proxy it is from the last address in {@code Forwarded} (RFC 7239) or else {@code X-Forwarded-For} that is not
 * itself a trusted proxy. Only literal addresses are parsed: no name is ever resolved. Thread-safe.
 */
public final class TrustedProxies {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            if (!Arrays.equals(address, 0, fullBytes, network, 0, fullBytes)) {
                return false;
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[fullBytes] ^ network[fullBytes]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The ranges in {@code spec}, such as {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}; refuses anything else. */
    public static TrustedProxies parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        return new TrustedProxies(Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(TrustedProxies::range).toList());
    }

    /** The client's address: {@code peer} unless {@code peer} is a trusted proxy that forwarded the request. */
    String clientAddress(String peer, String forwarded, String forwardedFor) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> chain = forwarded != null ? forwardedFor(forwarded) : forwardedFor == null ? List.of()
                : Arrays.stream(forwardedFor.split(",")).map(String::strip).toList();
        String client = peer;
        for (String hop : chain.reversed()) {
            Optional<byte[]> address = literal(stripPort(hop));
            if (address.isEmpty()) {
                return client;
            }
            client = literalText(address.get());
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && ranges.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    /** The {@code for=} values of a Forwarded header, first hop first. */
    private static List<String> forwardedFor(String header) {
        return Arrays.stream(header.split(",")).map(element -> Arrays.stream(element.split(";"))
                        .map(String::strip).filter(pair -> pair.regionMatches(true, 0, "for=", 0, 4))
                        .map(pair -> pair.substring(4).replace("\"", "")).findFirst().orElse("unknown"))
                .toList();
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static Range range(String spec) {
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        byte[] network = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "HOOKBOX_TRUSTED_PROXIES: '" + spec + "' is not an IP address or CIDR range"));
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("HOOKBOX_TRUSTED_PROXIES: '" + spec + "' has a bad prefix length");
            }
        }
        return new Range(network, prefix);
    }

    /**
     * The bytes of a literal IPv4 or IPv6 address. Only strings shaped like one reach {@link InetAddress}, IPv6 in
     * brackets, so it never looks a name up.
     */
    private static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = IPV4.matcher(bare).matches();
        if (!ipv4 && !(bare.contains(":") && IPV6_CHARACTERS.matcher(bare).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ipv4 ? bare : "[" + bare + "]").getAddress());
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String literalText(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
