package io.hookbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response of newline-delimited JSON objects sent as they are written ({@code application/x-ndjson}, chunked).
 * Nothing is sent before the first object, so an error found before then still gets its own status. Thread-safe:
 * work running on another thread may write; once the client has gone, writes are dropped.
 */
final class NdjsonStream {

    static final String MEDIA_TYPE = "application/x-ndjson";

    private final Context ctx;
    private OutputStream out;
    private boolean gone;

    NdjsonStream(Context ctx) {
        this.ctx = ctx;
    }

    /** Whether the request asks for this form of answer. */
    static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains(MEDIA_TYPE);
    }

    synchronized boolean started() {
        return out != null;
    }

    synchronized void write(Map<String, ?> object) {
        if (gone) {
            return;
        }
        try {
            if (out == null) {
                ctx.status(200);
                ctx.res().setContentType(MEDIA_TYPE + ";charset=utf-8");
                ctx.res().setHeader("Cache-Control", "no-store");
                ctx.res().setHeader("X-Content-Type-Options", "nosniff");
                out = ctx.res().getOutputStream();
            }
            out.write((ApiJson.MAPPER.writeValueAsString(object) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            gone = true;
        }
    }
}
