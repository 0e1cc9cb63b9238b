package io.hookbox.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An npm registry on loopback for tests: package documents (abbreviated when asked for, unless told to answer in
 * full), tarballs the tests build from the files they write, and search. Thread-safe.
 */
public final class FakeRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version to publish; change its fields before {@link #publish} to make it lie. */
    public static final class Version {
        public final String name;
        public final String version;
        public final Map<String, String> files = new LinkedHashMap<>();
        public final ObjectNode manifest = JSON.createObjectNode();
        public byte[] tarball;
        public String integrity;
        public String tarballUrl;

        Version(String name, String version) {
            this.name = name;
            this.version = version;
            manifest.put("name", name).put("version", version);
        }

        public Version file(String path, String content) {
            files.put(path, content);
            return this;
        }

        public Version dependency(String name, String range) {
            manifest.withObject("dependencies").put(name, range);
            return this;
        }

        public Version optionalDependency(String name, String range) {
            manifest.withObject("optionalDependencies").put(name, range);
            return this;
        }

        public Version peerDependency(String name, String range) {
            manifest.withObject("peerDependencies").put(name, range);
            return this;
        }

        public Version manifest(String field, String value) {
            manifest.put(field, value);
            return this;
        }
    }

    private final HttpServer server;
    private final Map<String, ObjectNode> documents = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean fullDocuments;
    private volatile boolean failing;
    private volatile CountDownLatch tarballGate;

    public FakeRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public int requests() {
        return requests.get();
    }

    /** Answer with full documents even when the abbreviated form is asked for, as some registries do. */
    public void answerInFull(boolean full) {
        fullDocuments = full;
    }

    /** Answer 500 to everything. */
    public void fail(boolean fail) {
        failing = fail;
    }

    /** Holds every tarball download until {@code gate} opens (null: none held), to watch an install under way. */
    public void holdTarballs(CountDownLatch gate) {
        tarballGate = gate;
    }

    public Version version(String name, String version) {
        return new Version(name, version);
    }

    /** Publishes the version (building its tarball unless one was set) and makes it {@code latest} unless told otherwise. */
    public FakeRegistry publish(Version version) {
        return publish(version, true);
    }

    public FakeRegistry publish(Version version, boolean latest) {
        if (version.tarball == null) {
            version.tarball = tarball(version);
        }
        String file = version.name.substring(version.name.indexOf('/') + 1) + "-" + version.version + ".tgz";
        String path = version.name + "/-/" + file;
        tarballs.put(path, version.tarball);
        ObjectNode manifest = version.manifest.deepCopy();
        ObjectNode dist = manifest.putObject("dist");
        dist.put("tarball", version.tarballUrl != null ? version.tarballUrl : url() + path);
        dist.put("integrity", version.integrity != null ? version.integrity : integrity(version.tarball));
        ObjectNode document = documents.computeIfAbsent(version.name, name -> {
            ObjectNode created = JSON.createObjectNode().put("name", name);
            created.putObject("dist-tags");
            created.putObject("versions");
            created.putObject("time");
            return created;
        });
        ((ObjectNode) document.get("versions")).set(version.version, manifest);
        ((ObjectNode) document.get("time")).put(version.version, "2026-01-01T00:00:00.000Z");
        if (latest) {
            ((ObjectNode) document.get("dist-tags")).put("latest", version.version);
        }
        return this;
    }

    public FakeRegistry tag(String name, String tag, String version) {
        ((ObjectNode) documents.get(name).get("dist-tags")).put(tag, version);
        return this;
    }

    /** A tarball of the version's files under {@code package/}, with its manifest as package.json. */
    public static byte[] tarball(Version version) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package/package.json", version.manifest.toString());
        version.files.forEach((path, content) -> files.put("package/" + path, content));
        return tarball(files, List.of());
    }

    /** A tarball of exactly these entries, plus {@code links} (name, target) as symbolic links. */
    public static byte[] tarball(Map<String, String> entries, List<String[]> links) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey(), true);
                header.setSize(content.length);
                tar.putArchiveEntry(header);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            for (String[] link : links) {
                TarArchiveEntry header = new TarArchiveEntry(link[0], TarArchiveEntry.LF_SYMLINK);
                header.setLinkName(link[1]);
                tar.putArchiveEntry(header);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String integrity(byte[] tarball) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (failing) {
                answer(exchange, 500, "application/json", "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath().substring(1);
            if (rawPath.equals("-/v1/search")) {
                answer(exchange, 200, "application/json", search(exchange.getRequestURI().getRawQuery()));
                return;
            }
            String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            byte[] tarball = tarballs.get(path);
            if (tarball != null) {
                awaitGate();
                answer(exchange, 200, "application/octet-stream", tarball);
                return;
            }
            ObjectNode document = documents.get(path);
            if (document == null) {
                answer(exchange, 404, "application/json", "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
            boolean abbreviated = accept.contains("application/vnd.npm.install-v1+json") && !fullDocuments;
            answer(exchange, 200, "application/json", JSON.writeValueAsBytes(abbreviated ? abbreviate(document) : document));
        }
    }

    private void awaitGate() {
        CountDownLatch gate = tarballGate;
        try {
            if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the tarball gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode abbreviate(ObjectNode document) {
        ObjectNode out = JSON.createObjectNode();
        out.put("name", document.get("name").asText());
        out.put("modified", "2026-01-01T00:00:00.000Z");
        out.set("dist-tags", document.get("dist-tags"));
        ObjectNode versions = out.putObject("versions");
        document.get("versions").properties().forEach(entry -> {
            ObjectNode full = (ObjectNode) entry.getValue();
            ObjectNode small = versions.putObject(entry.getKey());
            for (String field : new String[] {"name", "version", "dependencies", "optionalDependencies", "peerDependencies",
                    "dist", "deprecated", "hasInstallScript"}) {
                if (full.has(field)) {
                    small.set(field, full.get(field));
                }
            }
            if (full.path("scripts").has("install") || full.path("scripts").has("postinstall")) {
                small.put("hasInstallScript", true);
            }
        });
        return out;
    }

    private byte[] search(String query) throws IOException {
        String text = "";
        for (String pair : String.valueOf(query).split("&")) {
            if (pair.startsWith("text=")) {
                text = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        List<Object> objects = new ArrayList<>();
        for (ObjectNode document : documents.values()) {
            String name = document.get("name").asText();
            if (name.contains(text)) {
                String latest = document.path("dist-tags").path("latest").asText();
                ObjectNode pkg = JSON.createObjectNode().put("name", name).put("version", latest)
                        .put("description", "the " + name + " package").put("date", "2026-01-01T00:00:00.000Z");
                objects.add(Map.of("package", pkg));
            }
        }
        return JSON.writeValueAsBytes(Map.of("objects", objects, "total", objects.size()));
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
