package io.hookbox.store;

import io.hookbox.secrets.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory holds password hashes and the server secret: only the server's user may read it. */
class DataDirectoryTest {

    @Test
    void a_new_data_directory_and_the_files_hookbox_writes_into_it_are_the_owners_alone(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        DataDirectory.secure(dataDir);
        try (Database database = Database.open(Database.h2FileUrl(dataDir))) {
            SecretBox.open(Optional.empty(), Optional.empty(), dataDir, database.jdbi());
        }
        DataDirectory.secure(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("hookbox.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(dataDir.resolve("server-secret.key"))).isEqualTo("rw-------");
    }

    @Test
    void an_existing_open_directory_is_closed(@TempDir Path parent) throws Exception {
        Path dataDir = Files.createDirectory(parent.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path file = Files.writeString(dataDir.resolve("hookbox.mv.db"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DataDirectory.secure(dataDir);

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
