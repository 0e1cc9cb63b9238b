package io.hookbox.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The server's data directory (the H2 database, the server secret): readable by the server's user alone, the
 * directory 0700 and the files in it 0600. On a file system without POSIX permissions it is left as it is.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** Creates {@code dir} if needed and closes it and its files to other users. */
    public static void secure(Path dir) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot restrict the data directory " + dir + " to its owner: " + e.getMessage(), e);
        }
    }
}
