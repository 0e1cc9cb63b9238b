package io.hookbox.egress;

import java.util.List;

/** A response as the hook sees it: {@code url} is the final URL after redirects, headers as name/value pairs. */
public record EgressResponse(int status, String statusText, List<List<String>> headers, String url, boolean redirected,
                             byte[] body) {
}
