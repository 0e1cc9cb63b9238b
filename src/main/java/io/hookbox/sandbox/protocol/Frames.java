package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.hookbox.sandbox.RuntimePolicy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Length-prefixed messages between the server and a worker, over the worker's stdin and stdout, each frame one CBOR
 * object: text (a run's input, its source, JSON text of any kind) travels as raw length-prefixed UTF-8, never escaped.
 * The rare message CBOR cannot carry, a string with a lone surrogate (which UTF-8 cannot encode), travels as a JSON
 * object instead, which escapes it losslessly; a reader tells the two apart by the first byte ({@code '{'} is never how
 * a CBOR object starts). Reading is for one thread; writing is synchronized so several threads may send. A frame that
 * arrives whole but cannot be used (too large, not a message) is skipped and reported as a {@link BadFrame}, with the
 * run it names, so the stream stays usable and only that run fails.
 */
public final class Frames {

    /** JSON text as both sides read and write it: the data a run is given and answers, host calls' payloads. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final ObjectMapper ENVELOPE = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How much of a bad frame is read to find the run it belongs to: its "op" and "id" come first. */
    private static final int HEAD_BYTES = 256;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxReadBytes;
    private volatile int maxWriteBytes;

    public Frames(InputStream in, OutputStream out, int maxReadBytes, int maxWriteBytes) {
        this.in = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        this.maxReadBytes = maxReadBytes;
        this.maxWriteBytes = maxWriteBytes;
    }

    /**
     * The largest frame a worker may send: a run's result and console at their limits, with room for JSON escaping
     * (in a frame sent as JSON) and the error. The worker keeps its frames under it; the server refuses larger ones.
     */
    public static int maxWorkerFrameBytes(RuntimePolicy.Limits limits, RuntimePolicy.ConsoleLimits console) {
        return 4 * (limits.maxResultBytes() + console.maxBytes()) + (1 << 20);
    }

    /** Lowers the write limit, once the side that writes has learnt it (a worker, from its configuration). */
    public void limitWrites(int maxBytes) {
        this.maxWriteBytes = maxBytes;
    }

    /**
     * The next message, or null at the end of the stream.
     *
     * @throws BadFrame for a frame that was skipped whole; the next read goes on with the frame after it
     * @throws IOException when the stream itself is broken (a negative length)
     */
    public <T> T read(Class<T> type) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < 0) {
            throw new IOException("corrupt frame length " + length);
        }
        if (length > maxReadBytes) {
            byte[] head = in.readNBytes(Math.min(length, HEAD_BYTES));
            in.skipNBytes(length - head.length);
            throw new BadFrame("a frame of " + length + " bytes exceeds the limit of " + maxReadBytes, runId(head));
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length < length) {
            return null;
        }
        try {
            return decode(frame, type);
        } catch (JsonProcessingException e) {
            throw new BadFrame("an unreadable frame of " + length + " bytes: " + e.getOriginalMessage(),
                    runId(Arrays.copyOf(frame, Math.min(length, HEAD_BYTES))));
        }
    }

    /**
     * Sends a message.
     *
     * @throws Unwritable when the message cannot be encoded or is over this side's frame limit; nothing was sent
     * @throws IOException when the other side is gone
     */
    public void write(Object message) throws IOException {
        byte[] frame = encode(message);
        if (frame.length > maxWriteBytes) {
            throw new Unwritable("a frame of " + frame.length + " bytes exceeds the limit of " + maxWriteBytes, true);
        }
        synchronized (out) {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
        }
    }

    public void closeOutput() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the other side is gone already
        }
    }

    /**
     * A message as the body of a frame: CBOR, or JSON for one that CBOR cannot carry.
     *
     * @throws Unwritable when neither can encode it
     */
    public static byte[] encode(Object message) throws Unwritable {
        try {
            return ENVELOPE.writeValueAsBytes(message);
        } catch (JsonProcessingException notUtf8) {
            try {
                return MAPPER.writeValueAsBytes(message);
            } catch (JsonProcessingException e) {
                throw new Unwritable("the message could not be encoded: " + e.getOriginalMessage(), false);
            }
        }
    }

    /** The message a frame's body holds, as {@link #encode} made it. */
    public static <T> T decode(byte[] frame, Class<T> type) throws IOException {
        return mapperFor(frame).readValue(frame, type);
    }

    private static ObjectMapper mapperFor(byte[] frame) {
        return frame.length > 0 && frame[0] == '{' ? MAPPER : ENVELOPE;
    }

    /** The top-level {@code id} among the first fields of a frame, or null if it does not say. */
    private static Long runId(byte[] head) {
        JsonFactory format = mapperFor(head).getFactory();
        try (JsonParser parser = format.createParser(head)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    return parser.getLongValue();
                }
                parser.skipChildren();
            }
        } catch (IOException truncatedOrMalformed) {
            // the head ended before an id
        }
        return null;
    }

    /** A frame read whole and skipped; {@code runId} is the run it belongs to, when it says. */
    public static final class BadFrame extends IOException {
        private final Long runId;

        BadFrame(String message, Long runId) {
            super(message);
            this.runId = runId;
        }

        public Long runId() {
            return runId;
        }
    }

    /** A message that could not be sent as a frame; the stream is untouched. */
    public static final class Unwritable extends IOException {
        private final boolean oversized;

        Unwritable(String message, boolean oversized) {
            super(message);
            this.oversized = oversized;
        }

        /** True when the message was encoded but is larger than a frame may be. */
        public boolean oversized() {
            return oversized;
        }
    }
}
