package io.hookbox.http;

import java.net.URI;
import java.util.Optional;

/**
 * How the server is reached: its public URL (the token issuers' base), whether it runs in development mode, and
 * the proxies it trusts. Outside development mode the public URL is required, and the tenants' auth endpoints
 * answer only requests addressed to its host, so no Host header can choose a token's issuer.
 */
public record Exposure(Optional<String> publicUrl, boolean development, TrustedProxies trustedProxies) {

    public Exposure {
        publicUrl = publicUrl.map(url -> url.replaceAll("/+$", ""));
        publicUrl.ifPresent(Exposure::requireHttpUrl);
        if (!development && publicUrl.isEmpty()) {
            throw new IllegalArgumentException("HOOKBOX_PUBLIC_URL is required (the URL clients reach hookbox at, for"
                    + " token issuers); set HOOKBOX_DEV=true to run without it on a development machine");
        }
    }

    /** Development mode: issuers follow the address each request came to; no proxy is trusted. */
    public static Exposure forDevelopment() {
        return new Exposure(Optional.empty(), true, TrustedProxies.NONE);
    }

    /** The host (and port, if any) requests must be addressed to, when there is a public URL. */
    Optional<String> publicAuthority() {
        return publicUrl.map(url -> URI.create(url).getRawAuthority());
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getRawAuthority() == null) {
                throw new IllegalArgumentException("HOOKBOX_PUBLIC_URL must be an http(s) URL such as https://id.example.com, not '" + url + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("HOOKBOX_PUBLIC_URL is not a URL: '" + url + "'");
        }
    }
}
