package io.hookbox.egress;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a hook may send a request to a URL, and to which addresses: only http and https, only allowed
 * ports, no user-info; the host is resolved once and every address it resolves to must pass (so a name that
 * resolves to one public and one private address is refused). Hosts in the operator's {@code allowHosts} may be
 * private; {@code denyHosts} are always refused; a tenant's own list, when set, narrows further. Thread-safe.
 */
public final class EgressGuard {

    /** A last label made of digits or a hex number: the URL standard reads such a host as an IPv4 address. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?i)(?:^|\\.)(?:[0-9]+|0x[0-9a-f]*)\\.?$");

    private final EgressPolicy policy;
    private final HostRules allowHosts;
    private final HostRules denyHosts;
    private final Resolver resolver;

    public EgressGuard(EgressPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.allowHosts = HostRules.parse(policy.allowHosts(), "egress.allowHosts");
        this.denyHosts = HostRules.parse(policy.denyHosts(), "egress.denyHosts");
        this.resolver = resolver;
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** Checks {@code url} for a tenant whose own allow-list is {@code tenantHosts} ({@link HostRules#NONE} when unset). */
    public Target check(String url, HostRules tenantHosts) throws EgressDenied {
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new EgressDenied("only http and https URLs may be fetched, not '" + scheme + ":'");
        }
        Authority authority = authority(uri);
        String host = canonicalHost(authority.host());
        int port = authority.port() == -1 ? (scheme.equals("https") ? 443 : 80) : authority.port();
        Optional<InetAddress> literal = Addresses.literal(host);
        String shownHost = literal.map(InetAddress::getHostAddress).orElse(host);
        checkName(host, literal.orElse(null), port, tenantHosts, shownHost);
        List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> List.of());
        if (literal.isEmpty()) {
            addresses = resolve(host);
        }
        for (InetAddress address : addresses) {
            checkAddress(host, literal.isEmpty(), address, port, tenantHosts);
        }
        return new Target(uri, literal.isPresent() ? literal.get().getHostAddress() : host, port, addresses);
    }

    private void checkName(String host, InetAddress literal, int port, HostRules tenantHosts, String shown)
            throws EgressDenied {
        if (denyHosts.matches(host, literal, port)) {
            throw new EgressDenied(shown + " is in the server's denyHosts");
        }
        if (!policy.allowedPorts().contains(port) && !allowHosts.allowsPortExplicitly(host, literal, port)) {
            throw new EgressDenied("port " + port + " is not allowed (allowed ports: " + policy.allowedPorts() + ")");
        }
        if (!tenantHosts.isEmpty() && literal == null && !tenantHosts.matches(host, null, port)
                && !tenantMayMatchByAddress(tenantHosts)) {
            throw new EgressDenied(host + " is not in this tenant's allowed hosts");
        }
    }

    private void checkAddress(String host, boolean named, InetAddress address, int port, HostRules tenantHosts)
            throws EgressDenied {
        String shown = address.getHostAddress();
        if (denyHosts.matches(host, address, port)) {
            throw new EgressDenied(shown + " is in the server's denyHosts");
        }
        if (!tenantHosts.isEmpty() && !tenantHosts.matches(host, address, port)) {
            throw new EgressDenied(host + " (" + shown + ") is not in this tenant's allowed hosts");
        }
        Optional<String> refusal = Addresses.refusal(address);
        if (refusal.isPresent() && !allowHosts.matches(host, address, port)) {
            throw new EgressDenied(shown + " is " + refusal.get()
                    + (named ? " (" + host + " resolves to it)" : ""));
        }
    }

    /** A tenant list with address ranges can only be judged once the name is resolved. */
    private static boolean tenantMayMatchByAddress(HostRules tenantHosts) {
        return tenantHosts.hasRanges();
    }

    private List<InetAddress> resolve(String host) throws EgressDenied {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new EgressDenied("the host " + host + " could not be resolved");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new EgressDenied("the host " + host + " could not be resolved");
        }
        return addresses;
    }

    private static URI parse(String url) throws EgressDenied {
        if (url == null || url.isEmpty()) {
            throw new EgressDenied("the URL is empty");
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.isOpaque()) {
                throw new EgressDenied("'" + url + "' is not an absolute http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new EgressDenied("'" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    private record Authority(String host, int port) {
    }

    /** Host and port read from the authority as written: java.net.URI gives no host for numeric spellings. */
    private static Authority authority(URI uri) throws EgressDenied {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new EgressDenied("the URL '" + uri + "' has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new EgressDenied("URLs with a user name or password are refused; send credentials in a header");
        }
        int portStart = authority.lastIndexOf(':');
        if (portStart < 0 || authority.lastIndexOf(']') > portStart) {
            return new Authority(authority, -1);
        }
        String portText = authority.substring(portStart + 1);
        int port = -1;
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65_535) {
                throw new EgressDenied("'" + portText + "' is not a valid port");
            }
        }
        return new Authority(authority.substring(0, portStart), port);
    }

    private static String canonicalHost(String written) throws EgressDenied {
        if (written.isEmpty()) {
            throw new EgressDenied("the URL has no host");
        }
        String host = written.toLowerCase(Locale.ROOT);
        if (host.indexOf('%') >= 0) {
            throw new EgressDenied("the host '" + written + "' contains percent-encoding");
        }
        if (host.startsWith("[")) {
            return host;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new EgressDenied("the host '" + host + "' is not a valid host name");
        }
        if (Addresses.literal(ascii).isEmpty() && NUMERIC_LAST_LABEL.matcher(ascii).find()) {
            throw new EgressDenied("the host '" + host + "' is neither a valid IPv4 address nor a host name");
        }
        return ascii;
    }
}
