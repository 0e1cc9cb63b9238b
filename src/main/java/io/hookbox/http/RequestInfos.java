package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.data.RequestInfo;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request as hooks see it in {@code data.context.request}; {@link RequestInfo} drops the secrets. */
final class RequestInfos {

    private RequestInfos() {
    }

    private static final String CLIENT_ADDRESS = "hookbox.clientAddress";

    /** Works out once per request which address the client has: its peer's, or the one a trusted proxy forwarded. */
    static void rememberClientAddress(Context ctx, TrustedProxies proxies) {
        ctx.attribute(CLIENT_ADDRESS, proxies.clientAddress(ctx.ip(), ctx.header("Forwarded"), ctx.header("X-Forwarded-For")));
    }

    static String clientAddress(Context ctx) {
        String address = ctx.attribute(CLIENT_ADDRESS);
        return address != null ? address : ctx.ip();
    }

    static RequestInfo of(Context ctx, JsonNode body) {
        ObjectNode bodyObject = body instanceof ObjectNode object ? object : ApiJson.MAPPER.createObjectNode();
        return new RequestInfo(firstValues(ctx.queryParamMap()), bodyObject, ctx.userAgent(), clientAddress(ctx), ctx.headerMap());
    }

    static RequestInfo ofForm(Context ctx, Map<String, List<String>> form) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        firstValues(form).forEach(body::put);
        return of(ctx, body);
    }

    private static Map<String, String> firstValues(Map<String, List<String>> values) {
        Map<String, String> first = new LinkedHashMap<>();
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                first.put(name, list.getFirst());
            }
        });
        return first;
    }
}
