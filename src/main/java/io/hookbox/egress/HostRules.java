package io.hookbox.egress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A list of {@code host[:port]} entries: exact names ({@code api.example.com}), suffixes ({@code *.example.com}),
 * addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code [fd00::/8]:8443}). An entry without a port matches any
 * port the policy allows; one with a port matches that port only. Immutable, thread-safe.
 */
public final class HostRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");

    /** One entry; exactly one of {@code name}, {@code suffix} and {@code range} is set; {@code port} null for any. */
    record Rule(String text, String name, String suffix, IPAddress range, Integer port) {

        boolean matches(String host, InetAddress address, int requestPort) {
            if (port != null && port != requestPort) {
                return false;
            }
            if (name != null) {
                return name.equals(host);
            }
            if (suffix != null) {
                return host.endsWith(suffix) && host.length() > suffix.length();
            }
            return address != null && range.contains(Addresses.toIpAddress(address));
        }
    }

    public static final HostRules NONE = new HostRules(List.of());

    private final List<Rule> rules;

    private HostRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses the entries; a bad one is an IllegalArgumentException naming {@code field} and the entry. */
    public static HostRules parse(List<String> entries, String field) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.add(parseRule(entry, field));
        }
        return new HostRules(rules);
    }

    /** True when some entry is an address range, which only a resolved address can match. */
    public boolean hasRanges() {
        return rules.stream().anyMatch(rule -> rule.range() != null);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** True when an entry names {@code host} (lower case, as the guard canonicalised it) or covers {@code address}. */
    public boolean matches(String host, InetAddress address, int port) {
        for (Rule rule : rules) {
            if (rule.matches(host, address, port)) {
                return true;
            }
        }
        return false;
    }

    /** True when an entry names {@code host} with this exact port, so the port need not be in the allowed list. */
    public boolean allowsPortExplicitly(String host, InetAddress address, int port) {
        for (Rule rule : rules) {
            if (rule.port() != null && rule.matches(host, address, port)) {
                return true;
            }
        }
        return false;
    }

    private static Rule parseRule(String entry, String field) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' holds an empty entry");
        }
        String text = entry.trim().toLowerCase(Locale.ROOT);
        String host = text;
        Integer port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(field, entry, "an opening [ without its ]");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(field, entry, "text after ] that is not :port");
                }
                port = parsePort(rest.substring(1), field, entry);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = parsePort(text.substring(text.indexOf(':') + 1), field, entry);
        }
        IPAddressString address = new IPAddressString(host);
        if (address.isIPAddress()) {
            return new Rule(entry, null, null, address.getAddress().toPrefixBlock(), port);
        }
        if (host.startsWith("*.")) {
            String suffix = host.substring(1);
            if (!NAME.matcher(suffix.substring(1)).matches()) {
                throw bad(field, entry, "not a host name after *.");
            }
            return new Rule(entry, null, stripDot(suffix), null, port);
        }
        if (!NAME.matcher(host).matches()) {
            throw bad(field, entry, "neither a host name, an address nor a CIDR range");
        }
        return new Rule(entry, stripDot(host), null, null, port);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Integer parsePort(String text, String field, String entry) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(field, entry, "a port that is not a number from 1 to 65535");
    }

    private static IllegalArgumentException bad(String field, String entry, String why) {
        return new IllegalArgumentException("field '" + field + "' holds '" + entry + "': " + why);
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::text).toList().toString();
    }
}
