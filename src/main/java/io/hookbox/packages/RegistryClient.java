package io.hookbox.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Talks to the npm registry: package documents, tarballs and search. Follows no redirects, and downloads tarballs
 * only from the registry's own origin. The registry's location is found on first use. Thread-safe.
 */
public final class RegistryClient {

    private static final String ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DOCUMENT_BYTES = 64 << 20;

    private final Supplier<Optional<RegistryLocation>> locator;
    private final HttpClient http;
    private final Duration timeout;
    private volatile Optional<RegistryLocation> location;

    public RegistryClient(Supplier<Optional<RegistryLocation>> locator, Duration timeout) {
        this.locator = locator;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    RegistryLocation location() {
        Optional<RegistryLocation> found = location;
        if (found == null) {
            synchronized (this) {
                if (location == null) {
                    location = locator.get();
                }
                found = location;
            }
        }
        return found.orElseThrow(PackageErrors::notConfigured);
    }

    /** The package's document (full or abbreviated, as the registry chooses). */
    Packument packument(String name) {
        RegistryLocation registry = location();
        URI uri = registry.url().resolve(encodedName(name));
        HttpResponse<InputStream> response = send(registry, uri, ABBREVIATED);
        if (response.statusCode() == 404) {
            drain(response);
            throw PackageErrors.notFound(name);
        }
        requireOk(response, "the package document of " + name);
        try (InputStream body = response.body()) {
            return Packument.parse(name, MAPPER.readTree(readCapped(body, MAX_DOCUMENT_BYTES, "the package document of " + name)));
        } catch (IOException e) {
            throw PackageErrors.unavailable("the registry's document for " + name + " could not be read: " + e.getMessage());
        }
    }

    /** The tarball's bytes, at most {@code maxBytes}; refused unless it is on the registry's origin. */
    byte[] tarball(Packument.Release release, long maxBytes) {
        RegistryLocation registry = location();
        URI uri;
        try {
            uri = URI.create(release.tarball());
        } catch (IllegalArgumentException e) {
            throw PackageErrors.foreignTarball(release.name(), release.version());
        }
        if (!uri.isAbsolute() || !RegistryLocation.originOf(uri).equals(registry.origin())) {
            throw PackageErrors.foreignTarball(release.name(), release.version());
        }
        HttpResponse<InputStream> response = send(registry, uri, "application/octet-stream");
        requireOk(response, "the tarball of " + release.name() + "@" + release.version());
        try (InputStream body = response.body()) {
            return readCapped(body, maxBytes, "the tarball of " + release.name() + "@" + release.version());
        } catch (IOException e) {
            throw PackageErrors.unavailable("downloading " + release.name() + "@" + release.version() + " failed: " + e.getMessage());
        }
    }

    /** The registry's search: its answer's {@code objects[].package}. */
    JsonNode search(String text, int size) {
        RegistryLocation registry = location();
        URI uri = registry.url().resolve("-/v1/search?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&size=" + size);
        HttpResponse<InputStream> response = send(registry, uri, "application/json");
        requireOk(response, "the search");
        try (InputStream body = response.body()) {
            return MAPPER.readTree(readCapped(body, MAX_DOCUMENT_BYTES, "the search's answer")).path("objects");
        } catch (IOException e) {
            throw PackageErrors.unavailable("the registry's search answer could not be read: " + e.getMessage());
        }
    }

    /** {@code @scope/name} as registries expect it in a path: {@code @scope%2fname}. */
    static String encodedName(String name) {
        return name.startsWith("@") ? "@" + URLEncoder.encode(name.substring(1), StandardCharsets.UTF_8) : name;
    }

    private HttpResponse<InputStream> send(RegistryLocation registry, URI uri, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept)
                .header("User-Agent", "hookbox");
        registry.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw PackageErrors.unavailable("the npm registry could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PackageErrors.unavailable("the request to the npm registry was interrupted");
        }
    }

    private static void requireOk(HttpResponse<InputStream> response, String what) {
        if (response.statusCode() != 200) {
            drain(response);
            throw PackageErrors.unavailable("the npm registry answered " + response.statusCode() + " for " + what);
        }
    }

    private static void drain(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // only freeing the connection
        }
    }

    private static byte[] readCapped(InputStream in, long maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw PackageErrors.tooLarge(what + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }
}
