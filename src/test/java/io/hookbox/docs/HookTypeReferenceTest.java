package io.hookbox.docs;

import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HookTypeReferenceTest {

    private static final Path COMMITTED = Path.of("docs/hook-types.md");

    @Test
    void theCommittedReferenceMatchesTheRegistry() throws IOException {
        String current = HookTypeReference.markdown();
        if (Boolean.getBoolean("hookbox.writeDocs")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, current);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertThat(committed)
                .as("docs/hook-types.md is stale; regenerate it with: mvn -B -o test -Dtest=HookTypeReferenceTest -Dhookbox.writeDocs=true")
                .isEqualTo(current);
    }

    @Test
    void everyTypeIsDocumentedWithItsFieldsAndAnExample() {
        String doc = HookTypeReference.markdown();
        HookTypes.all().forEach(type -> assertThat(doc).contains("## `" + type.id() + "`", type.description()));
        assertThat(doc).contains("| `context.passwordVerified` | boolean |", "| `user.phone_number` | string (E.164 phone number) or null |",
                "| `context.request.ip` | string (IPv4 or IPv6 address) |", "```json",
                "| `changes.blocked` | boolean, optional |", "| `context.accessToken.client_id` | string |", "`data.user.nickname`");
        HookTypes.all().forEach(type -> assertThat(doc).contains("- Default `onError`: `" + OnError.defaultFor(type).json() + "`"));
    }
}
