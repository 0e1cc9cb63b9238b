package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.errors.HookboxException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code "packages": {"name": "range"}} field of a request body. */
final class PackageRequests {

    private PackageRequests() {
    }

    static Map<String, String> read(JsonNode packages) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (packages == null || packages.isNull()) {
            return wanted;
        }
        if (!packages.isObject()) {
            throw HookboxException.invalid("field 'packages' must be an object of package names and version ranges,"
                    + " as {\"lodash\": \"^4.17.0\"}", Map.of("field", "packages"));
        }
        for (var entry : packages.properties()) {
            if (!entry.getValue().isTextual()) {
                throw HookboxException.invalid("field 'packages." + entry.getKey() + "' must be a version range (a string)",
                        Map.of("field", "packages." + entry.getKey()));
            }
            wanted.put(entry.getKey(), entry.getValue().asText());
        }
        return wanted;
    }
}
