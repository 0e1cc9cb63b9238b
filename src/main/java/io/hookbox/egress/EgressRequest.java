package io.hookbox.egress;

import java.util.List;

/** What a hook asked to send: headers as name/value pairs in order, the body as bytes (empty for none). */
public record EgressRequest(String method, String url, List<List<String>> headers, byte[] body, Redirect redirect) {

    /** What to do with a redirect response, as in fetch's {@code redirect} option. */
    public enum Redirect {
        FOLLOW, MANUAL, ERROR
    }

    public EgressRequest {
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        redirect = redirect == null ? Redirect.FOLLOW : redirect;
    }
}
