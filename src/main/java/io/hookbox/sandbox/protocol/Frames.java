package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed JSON messages between the server and a worker, over the worker's stdin and stdout.
 * Reading is for one thread; writing is synchronized so several threads may send.
 */
public final class Frames {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxFrameBytes;

    public Frames(InputStream in, OutputStream out, int maxFrameBytes) {
        this.in = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The next message, or null at the end of the stream. */
    public <T> T read(Class<T> type) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < 0 || length > maxFrameBytes) {
            throw new IOException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length < length) {
            return null;
        }
        return MAPPER.readValue(frame, type);
    }

    public void write(Object message) throws IOException {
        byte[] frame = MAPPER.writeValueAsBytes(message);
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
}
