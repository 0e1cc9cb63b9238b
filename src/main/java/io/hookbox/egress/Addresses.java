package io.hookbox.egress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a hook may never reach unless the operator allows the host: loopback, private, link-local,
 * carrier-grade NAT, unique-local, multicast, unspecified, reserved and documentation ranges, and any IPv6 form
 * that embeds an IPv4 address (IPv4-mapped, NAT64, 6to4) when that address is refused; IPv4-compatible
 * addresses ({@code ::a.b.c.d}, deprecated) are refused as reserved.
 */
public final class Addresses {

    private record Range(IPAddress block, String reason) {
        static Range of(String cidr, String reason) {
            return new Range(new IPAddressString(cidr).getAddress().toPrefixBlock(), reason);
        }
    }

    private static final String RESERVED = "a reserved address";
    private static final String DOCUMENTATION = "a documentation address";

    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "an unspecified address"),
            Range.of("10.0.0.0/8", "a private address"),
            Range.of("100.64.0.0/10", "a carrier-grade NAT address"),
            Range.of("127.0.0.0/8", "a loopback address"),
            Range.of("169.254.0.0/16", "a link-local address"),
            Range.of("172.16.0.0/12", "a private address"),
            Range.of("192.0.0.0/24", RESERVED),
            Range.of("192.0.2.0/24", DOCUMENTATION),
            Range.of("192.88.99.0/24", RESERVED),
            Range.of("192.168.0.0/16", "a private address"),
            Range.of("198.18.0.0/15", RESERVED),
            Range.of("198.51.100.0/24", DOCUMENTATION),
            Range.of("203.0.113.0/24", DOCUMENTATION),
            Range.of("224.0.0.0/4", "a multicast address"),
            Range.of("240.0.0.0/4", RESERVED));

    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", "an unspecified address"),
            Range.of("::1/128", "a loopback address"),
            Range.of("::/96", RESERVED),
            Range.of("64:ff9b:1::/48", "a private address"),
            Range.of("100::/64", RESERVED),
            Range.of("2001::/23", RESERVED),
            Range.of("2001:db8::/32", DOCUMENTATION),
            Range.of("3fff::/20", DOCUMENTATION),
            Range.of("fc00::/7", "a unique-local address"),
            Range.of("fe80::/10", "a link-local address"),
            Range.of("fec0::/10", RESERVED),
            Range.of("ff00::/8", "a multicast address"));

    /** IPv6 prefixes that carry an IPv4 address in their last 32 bits. */
    private static final List<IPAddress> EMBEDDING_LOW_32 = List.of(
            new IPAddressString("::ffff:0:0/96").getAddress().toPrefixBlock(),
            new IPAddressString("64:ff9b::/96").getAddress().toPrefixBlock());
    private static final IPAddress SIX_TO_FOUR = new IPAddressString("2002::/16").getAddress().toPrefixBlock();

    private Addresses() {
    }

    /** Why {@code address} is refused, or empty when it is a public address. */
    public static Optional<String> refusal(InetAddress address) {
        IPAddress ip = toIpAddress(address);
        if (ip instanceof IPv6Address v6) {
            Optional<IPv4Address> embedded = embeddedIpv4(v6);
            if (embedded.isPresent()) {
                return check(embedded.get(), IPV4).map(reason -> reason + " in an IPv6 form");
            }
            return check(v6, IPV6);
        }
        return check(ip, IPV4);
    }

    /** The IPv4 address an IPv6 address stands for (IPv4-mapped, NAT64 or 6to4), if any. */
    static Optional<IPv4Address> embeddedIpv4(IPv6Address v6) {
        for (IPAddress prefix : EMBEDDING_LOW_32) {
            if (prefix.contains(v6) && !v6.isZero() && !v6.isLoopback()) {
                return Optional.of(v6.getEmbeddedIPv4Address());
            }
        }
        if (SIX_TO_FOUR.contains(v6)) {
            byte[] bytes = v6.getBytes();
            return Optional.of(new IPv4Address(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]}));
        }
        return Optional.empty();
    }

    private static Optional<String> check(IPAddress ip, List<Range> ranges) {
        for (Range range : ranges) {
            if (range.block().contains(ip)) {
                return Optional.of(range.reason());
            }
        }
        return Optional.empty();
    }

    static IPAddress toIpAddress(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return new IPv4Address(v4);
        }
        return new IPv6Address((Inet6Address) address);
    }

    /**
     * The address a host written as a number stands for, in any spelling a URL parser or {@code inet_aton} accepts
     * ({@code 2130706433}, {@code 0x7f000001}, {@code 127.1}, {@code 0177.0.0.1}, {@code [::ffff:7f00:1]}), or empty
     * for a host name.
     */
    public static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        IPAddressString parsed = new IPAddressString(bare);
        if (!parsed.isIPAddress() || parsed.isPrefixed()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(parsed.getAddress().getBytes()));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
