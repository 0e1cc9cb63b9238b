package io.hookbox.egress;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the requests hooks make, after the guard has checked them. The connection goes only to the addresses the
 * guard checked: the client's DNS resolver hands back exactly those, never looking a name up again, and no
 * connection is reused. Redirects are followed here, each hop checked again. No proxy, no cookies, no automatic
 * retries or decompression, a fixed User-Agent; bodies are capped while they stream. Thread-safe; each call blocks
 * its own (virtual) thread.
 */
public final class EgressClient implements AutoCloseable {

    /** Headers a hook cannot set: the client or the guard owns them. */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "user-agent", "proxy-authorization",
            "proxy-connection", "accept-encoding");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final ThreadLocal<List<InetAddress>> CHECKED = new ThreadLocal<>();

    /** A request in flight, which the run's end or the hook's AbortController may cancel. */
    public static final class Call {
        private final AtomicReference<HttpUriRequestBase> current = new AtomicReference<>();
        private volatile String cancelReason;

        /** Stops the request; the call fails with {@code reason}. */
        public void cancel(String reason) {
            cancelReason = reason;
            HttpUriRequestBase request = current.get();
            if (request != null) {
                request.cancel();
            }
        }

        void start(HttpUriRequestBase request) throws EgressFailure {
            current.set(request);
            if (cancelReason != null) {
                request.cancel();
                throw new EgressFailure(cancelReason);
            }
        }
    }

    private final EgressGuard guard;
    private final EgressPolicy policy;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hookbox-egress-deadlines").daemon(true).factory());

    public EgressClient(EgressGuard guard, String userAgent) {
        this.guard = guard;
        this.policy = guard.policy();
        DnsResolver checkedOnly = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                List<InetAddress> checked = CHECKED.get();
                if (checked == null) {
                    throw new UnknownHostException(host + " was not checked by the egress guard");
                }
                return checked.toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        Timeout connectTimeout = Timeout.ofMilliseconds(policy.connectTimeoutMs());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedOnly)
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofMinutes(1)).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connectTimeout)
                                .setSocketTimeout(Timeout.ofMinutes(1)).build())
                        .setMaxConnTotal(1_000)
                        .setMaxConnPerRoute(1_000)
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false)
                        .setConnectionRequestTimeout(connectTimeout).build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(userAgent)
                .build();
    }

    public EgressPolicy policy() {
        return policy;
    }

    /**
     * Sends the request within {@code timeoutMs} (what is left of the run's time), following redirects as asked.
     * Refused requests fail with {@link EgressDenied} before any connection is made.
     */
    public EgressResponse send(EgressRequest request, HostRules tenantHosts, long timeoutMs, Call call)
            throws EgressDenied, EgressFailure {
        if (request.body().length > policy.maxRequestBytes()) {
            throw new EgressFailure("request body larger than " + policy.maxRequestBytes() + " bytes");
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        List<List<String>> headers = allowedHeaders(request.headers());
        byte[] body = request.body();
        Target target = guard.check(request.url(), tenantHosts);
        ScheduledFuture<?> deadline = deadlines.schedule(() -> call.cancel("timed out after " + timeoutMs + " ms"),
                timeoutMs, TimeUnit.MILLISECONDS);
        try {
            for (int hop = 0; ; hop++) {
                EgressResponse response = exchange(method, target, headers, body, call);
                String location = header(response.headers(), "location");
                if (!REDIRECTS.contains(response.status()) || location == null
                        || request.redirect() == EgressRequest.Redirect.MANUAL) {
                    return hop == 0 ? response : new EgressResponse(response.status(), response.statusText(),
                            response.headers(), response.url(), true, response.body());
                }
                if (request.redirect() == EgressRequest.Redirect.ERROR) {
                    throw new EgressFailure("the response redirects to another URL and redirect is 'error'");
                }
                if (hop >= policy.maxRedirects()) {
                    throw new EgressFailure("more than " + policy.maxRedirects() + " redirects");
                }
                Target next = guard.check(resolveLocation(target.uri(), location), tenantHosts);
                if (!next.origin().equals(target.origin())) {
                    headers = headers.stream().filter(pair -> !isCredential(pair.get(0))).toList();
                }
                if (response.status() == 303 || ((response.status() == 301 || response.status() == 302)
                        && method.equals("POST"))) {
                    method = method.equals("HEAD") ? "HEAD" : "GET";
                    body = new byte[0];
                    headers = headers.stream().filter(pair -> !pair.get(0).equalsIgnoreCase("content-type")).toList();
                }
                target = next;
            }
        } finally {
            deadline.cancel(false);
        }
    }

    private EgressResponse exchange(String method, Target target, List<List<String>> headers, byte[] body, Call call)
            throws EgressFailure {
        HttpUriRequestBase request = new HttpUriRequestBase(method, target.uri());
        for (List<String> pair : headers) {
            request.addHeader(pair.get(0), pair.get(1));
        }
        if (body.length > 0) {
            request.setEntity(new ByteArrayEntity(body, null));
        }
        call.start(request);
        CHECKED.set(target.addresses());
        try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
            byte[] content = readCapped(response.getEntity());
            List<List<String>> responseHeaders = new ArrayList<>();
            for (Header header : response.getHeaders()) {
                responseHeaders.add(List.of(header.getName().toLowerCase(Locale.ROOT), header.getValue()));
            }
            String reason = response.getReasonPhrase();
            return new EgressResponse(response.getCode(), reason == null ? "" : reason, responseHeaders,
                    target.uri().toString(), false, content);
        } catch (IOException e) {
            throw new EgressFailure(call.cancelReason != null ? call.cancelReason : describe(e, target));
        } finally {
            CHECKED.remove();
        }
    }

    private byte[] readCapped(HttpEntity entity) throws IOException, EgressFailure {
        if (entity == null) {
            return new byte[0];
        }
        long declared = entity.getContentLength();
        if (declared > policy.maxResponseBytes()) {
            throw new EgressFailure("response larger than " + policy.maxResponseBytes() + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8_192);
            byte[] buffer = new byte[8_192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + read > policy.maxResponseBytes()) {
                    throw new EgressFailure("response larger than " + policy.maxResponseBytes() + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    private static String describe(IOException e, Target target) {
        String where = target.host() + ":" + target.port();
        if (e instanceof java.net.ConnectException) {
            return "connection to " + where + " refused";
        }
        if (e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
            return "connecting to " + where + " timed out";
        }
        if (e instanceof InterruptedIOException) {
            return "timed out waiting for " + where;
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS with " + where + " failed: " + e.getMessage();
        }
        return "request to " + where + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** The hook's headers less those it may not set; names and values must not hold control characters. */
    static List<List<String>> allowedHeaders(List<List<String>> headers) throws EgressFailure {
        List<List<String>> allowed = new ArrayList<>();
        for (List<String> pair : headers) {
            if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null) {
                throw new EgressFailure("a header must be a name and a value");
            }
            String name = pair.get(0);
            if (!isToken(name)) {
                throw new EgressFailure("'" + name + "' is not a valid header name");
            }
            if (!isFieldValue(pair.get(1))) {
                throw new EgressFailure("the value of header '" + name + "' holds a line break or control character");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!FORBIDDEN_HEADERS.contains(lower) && !lower.startsWith("proxy-")) {
                allowed.add(List.of(name, pair.get(1)));
            }
        }
        return allowed;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCredential(String name) {
        return name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie");
    }

    private static String header(List<List<String>> headers, String name) {
        for (List<String> pair : headers) {
            if (pair.get(0).equalsIgnoreCase(name)) {
                return pair.get(1);
            }
        }
        return null;
    }

    private static String resolveLocation(URI base, String location) throws EgressFailure {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new EgressFailure("the redirect location '" + location + "' is not a valid URL");
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing is left to release
        }
    }
}
