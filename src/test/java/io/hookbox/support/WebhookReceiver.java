package io.hookbox.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver of URL hooks' calls on loopback: each endpoint ({@link #endpoint}) answers as its test says and keeps
 * every request it got. Verifies signatures with the Standard Webhooks algorithm, written here independently of
 * hookbox's signer.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as the receiver got it: when, its headers (lower-case names) and its body. */
    public record Received(long atNanos, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return TestRuntime.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether one of the signatures in webhook-signature is that of this request under {@code secret}. */
        public boolean signedWith(String secret) {
            String expected = "v1," + hmacBase64(secret, header("webhook-id") + "." + header("webhook-timestamp") + "." + body);
            for (String signature : header("webhook-signature").split(" ")) {
                if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** How an endpoint answers its n-th request (from 1). */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange, Received request, int nth) throws IOException;
    }

    private final LoopbackHttp http = new LoopbackHttp();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        http.on("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Received request = new Received(System.nanoTime(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            List<Received> list = received.computeIfAbsent(path, ignored -> new CopyOnWriteArrayList<>());
            list.add(request);
            Behaviour behaviour = behaviours.get(path);
            if (behaviour == null) {
                LoopbackHttp.respond(exchange, 404, "text/plain", "no such endpoint");
            } else {
                behaviour.answer(exchange, request, list.size());
            }
        });
    }

    /** A new endpoint answering as {@code behaviour}; its path. */
    public String endpoint(Behaviour behaviour) {
        String path = "/hooks/" + UUID.randomUUID();
        behaviours.put(path, behaviour);
        return path;
    }

    /** The URL of {@code path} by address, as an allowHosts entry lets hooks reach it. */
    public String url(String path) {
        return http.url(path);
    }

    /** The URL of {@code path} under the host name {@code host} (a stub resolver's name for loopback). */
    public String url(String host, String path) {
        return "http://" + host + ":" + http.port() + path;
    }

    public String hostPort() {
        return http.hostPort();
    }

    public int port() {
        return http.port();
    }

    public List<Received> received(String path) {
        return new ArrayList<>(received.getOrDefault(path, List.of()));
    }

    /** Answers {@code status} with {@code json} (empty for no body). */
    public static Behaviour answering(int status, String json) {
        return (exchange, request, nth) -> LoopbackHttp.respond(exchange, status, "application/json", json);
    }

    public static String hmacBase64(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
