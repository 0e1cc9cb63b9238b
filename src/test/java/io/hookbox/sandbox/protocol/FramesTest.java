package io.hookbox.sandbox.protocol;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad frame fails the run it names and leaves the stream usable; a frame too large is never sent. */
class FramesTest {

    private static final int LIMIT = 4096;

    @Test
    void aFrameOverTheLimitIsSkippedWholeAndNamesItsRun() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Frames unlimited = new Frames(InputStream.nullInputStream(), stream, Integer.MAX_VALUE, Integer.MAX_VALUE);
        unlimited.write(finished(7, "x".repeat(3 * LIMIT)));
        unlimited.write(finished(8, "fits"));

        Frames reader = new Frames(new ByteArrayInputStream(stream.toByteArray()), nowhere(), LIMIT, LIMIT);

        assertThatThrownBy(() -> reader.read(FromWorker.class)).isInstanceOfSatisfying(Frames.BadFrame.class,
                bad -> assertThat(bad.runId()).isEqualTo(7L));
        FromWorker next = reader.read(FromWorker.class);
        assertThat(next).isInstanceOfSatisfying(FromWorker.Finished.class, f -> assertThat(f.id()).isEqualTo(8));
        assertThat(reader.read(FromWorker.class)).isNull();
    }

    @Test
    void anUnreadableFrameIsSkippedAndNamesItsRunWhenItSays() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputStream raw = new DataOutputStream(stream);
        for (String frame : List.of("{\"op\":\"finished\",\"id\":9,\"result\":{\"status\":\"nonsense\"}}", "not json at all")) {
            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            raw.writeInt(bytes.length);
            raw.write(bytes);
        }
        new Frames(InputStream.nullInputStream(), stream, LIMIT, LIMIT).write(finished(10, "fits"));

        Frames reader = new Frames(new ByteArrayInputStream(stream.toByteArray()), nowhere(), LIMIT, LIMIT);

        assertThatThrownBy(() -> reader.read(FromWorker.class)).isInstanceOfSatisfying(Frames.BadFrame.class,
                bad -> assertThat(bad.runId()).isEqualTo(9L));
        assertThatThrownBy(() -> reader.read(FromWorker.class)).isInstanceOfSatisfying(Frames.BadFrame.class,
                bad -> assertThat(bad.runId()).isNull());
        assertThat(reader.read(FromWorker.class)).isInstanceOfSatisfying(FromWorker.Finished.class,
                f -> assertThat(f.id()).isEqualTo(10));
    }

    @Test
    void aMessageOverTheWriteLimitIsRefusedAndNothingIsSent() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Frames writer = new Frames(InputStream.nullInputStream(), stream, LIMIT, LIMIT);

        assertThatThrownBy(() -> writer.write(finished(1, "x".repeat(2 * LIMIT))))
                .isInstanceOfSatisfying(Frames.Unwritable.class, e -> assertThat(e.oversized()).isTrue());
        assertThat(stream.size()).isZero();
    }

    @Test
    void aLoneSurrogateIsWrittenAndReadBack() throws IOException {
        // UTF-8 cannot carry it, so this frame goes as JSON, which escapes it
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        new Frames(InputStream.nullInputStream(), stream, LIMIT, LIMIT).write(finished(3, "half \ud800 a pair"));

        FromWorker read = new Frames(new ByteArrayInputStream(stream.toByteArray()), nowhere(), LIMIT, LIMIT)
                .read(FromWorker.class);

        assertThat(read).isInstanceOfSatisfying(FromWorker.Finished.class,
                f -> assertThat(f.result().error().message()).isEqualTo("half \ud800 a pair"));
    }

    @Test
    void anInputTravelsAsItsRawUtf8BytesAndComesBackWhole() throws IOException {
        String input = "{\"a\":\"x\\\"y\\n\",\"é\":\"✓\"}";
        ToWorker.Chain chain = new ToWorker.Chain(21, null, input,
                List.of(new ToWorker.Chain.Step(new ToWorker.Run(21, "function handle(d, cb) { cb(null, d); }", null, false), "one", false)));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        new Frames(InputStream.nullInputStream(), stream, LIMIT, LIMIT).write(chain);

        byte[] frame = stream.toByteArray();
        // one char per byte, so the frame contains the input's UTF-8 bytes exactly when this string contains these
        assertThat(new String(frame, StandardCharsets.ISO_8859_1))
                .contains(new String(input.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .doesNotContain("\\\\");
        ToWorker read = new Frames(new ByteArrayInputStream(frame), nowhere(), LIMIT, LIMIT).read(ToWorker.class);
        assertThat(read).isEqualTo(chain);
    }

    @Test
    void aBinaryFrameThatCannotBeReadStillNamesItsRun() throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        new Frames(InputStream.nullInputStream(), whole, LIMIT, LIMIT).write(finished(12, "cut short"));
        byte[] frame = whole.toByteArray();
        int body = frame.length - Integer.BYTES;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputStream raw = new DataOutputStream(stream);
        raw.writeInt(body / 2);
        raw.write(frame, Integer.BYTES, body / 2);

        Frames reader = new Frames(new ByteArrayInputStream(stream.toByteArray()), nowhere(), LIMIT, LIMIT);

        assertThat(frame[Integer.BYTES]).isNotEqualTo((byte) '{');
        assertThatThrownBy(() -> reader.read(FromWorker.class)).isInstanceOfSatisfying(Frames.BadFrame.class,
                bad -> assertThat(bad.runId()).isEqualTo(12L));
    }

    private static OutputStream nowhere() {
        return OutputStream.nullOutputStream();
    }

    private static FromWorker.Finished finished(long id, String message) {
        return new FromWorker.Finished(id, RunResult.failure(RunError.of(ErrorCode.HOOK_ERROR, message), List.of(), 1), false, false);
    }
}
