package io.hookbox.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a sealed value belongs to, such as {@code hook-secret} of tenant {@code acme}, hook {@code h1}, name
 * {@code CRM_TOKEN}. It is authenticated with the value (AES-GCM associated data) but not stored in it: a sealed value
 * copied to another row, tenant or purpose does not open there.
 */
public record Binding(String purpose, List<String> owner) {

    public Binding {
        owner = List.copyOf(owner);
    }

    public static Binding of(String purpose, String... owner) {
        return new Binding(purpose, List.of(owner));
    }

    /** Each part length-prefixed, so that no two bindings share their bytes ("a", "bc" is not "ab", "c"). */
    byte[] associatedData() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        append(bytes, purpose);
        owner.forEach(part -> append(bytes, part));
        return bytes.toByteArray();
    }

    private static void append(ByteArrayOutputStream bytes, String part) {
        byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
        bytes.writeBytes(utf8);
    }
}
