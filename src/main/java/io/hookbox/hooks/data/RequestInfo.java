package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP request that started the flow, as hooks see it in {@code data.context.request}. Secrets never reach a
 * hook: constructing one drops passwords, client secrets and tokens from the query and the body (at any depth)
 * and credential headers such as {@code Authorization} and {@code Cookie}.
 */
public record RequestInfo(Map<String, String> query, ObjectNode body, String userAgent, String ip,
                          Map<String, String> headers) {

    public static final Shape.ObjectShape SHAPE = Shape.object()
            .required("query", Shape.mapOf(Shape.string()), "The query parameters of the request.")
            .required("body", Shape.anyObject(), "The request's body (JSON or form fields), without secrets.")
            .required("userAgent", Shape.nullable(Shape.string()), "The User-Agent header, if the client sent one.")
            .required("ip", Shape.string(TextFormat.IP_ADDRESS), "The IP address of the client.")
            .required("headers", Shape.mapOf(Shape.string()),
                    "The request headers, names in lower case, without credentials (Authorization, Cookie...).")
            .closed();

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "credential", "api-key", "apikey",
            "api_key", "code_verifier");

    public RequestInfo {
        Objects.requireNonNull(ip, "ip");
        query = withoutSecrets(query == null ? Map.of() : query, false);
        body = DataJson.copyOrEmpty(body);
        removeSecrets(body);
        headers = withoutSecrets(headers == null ? Map.of() : headers, true);
    }

    /** Whether a field or header of this name carries a credential that hooks must not see. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(lower) || SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    public ObjectNode toJson() {
        ObjectNode json = DataJson.NODES.objectNode();
        query.forEach(json.putObject("query")::put);
        json.set("body", body.deepCopy());
        json.put("userAgent", userAgent).put("ip", ip);
        headers.forEach(json.putObject("headers")::put);
        return json;
    }

    private static Map<String, String> withoutSecrets(Map<String, String> values, boolean lowerCaseNames) {
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!isSecret(name) && value != null) {
                kept.put(lowerCaseNames ? name.toLowerCase(Locale.ROOT) : name, value);
            }
        });
        return Collections.unmodifiableMap(kept);
    }

    private static void removeSecrets(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(object.properties().stream().map(Map.Entry::getKey).filter(RequestInfo::isSecret).toList());
            object.forEach(RequestInfo::removeSecrets);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RequestInfo::removeSecrets);
        }
    }
}
