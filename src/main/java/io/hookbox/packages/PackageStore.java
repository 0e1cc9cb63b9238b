package io.hookbox.packages;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The package store shared by every tenant and hook: one copy of each tarball, keyed by its integrity. The database
 * is the store of record, so every hookbox node on the same database sees the same packages; each node unpacks a
 * package into its data directory the first time one of its runs needs it ({@code <dir>/<sha512 hex>/}), and the
 * worker processes read the files from there. Unpacking goes to a temporary directory first and is moved into place,
 * so no run ever sees half a package. Thread-safe.
 */
public final class PackageStore {

    /** What a stored package unpacks to, for the limits. */
    record Size(long bytes, int files) {
    }

    private final Jdbi jdbi;
    private final Path root;
    private final Clock clock;

    public PackageStore(Jdbi jdbi, Path root, Clock clock) {
        this.jdbi = jdbi;
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** The stored package's size, or null when the store does not have it yet. */
    Size size(String integrity) {
        return jdbi.withExtension(PackageDao.class, dao -> dao.unpackedBytes(integrity)
                .map(bytes -> new Size(bytes, dao.files(integrity).orElse(0))).orElse(null));
    }

    /** Keeps a verified tarball and its files; a tarball stored meanwhile by another install is kept as it is. */
    void save(Packument.Release release, String integrity, byte[] tarball, List<Tarball.File> files) {
        long bytes = files.stream().mapToLong(file -> file.content().length).sum();
        try {
            jdbi.useExtension(PackageDao.class, dao -> {
                if (dao.countTarball(integrity) == 0) {
                    dao.insertTarball(integrity, release.name(), release.version(), tarball, bytes, files.size(), clock.instant());
                }
            });
        } catch (UnableToExecuteStatementException e) {
            if (size(integrity) == null) {
                throw e;
            }
        }
        unpack(integrity, files);
    }

    /** The directory holding the package's files on this node, unpacked from the store of record if needed. */
    public Path directory(String integrity) {
        Path directory = root.resolve(directoryName(integrity));
        if (Files.isDirectory(directory)) {
            return directory;
        }
        byte[] tarball = jdbi.withExtension(PackageDao.class, dao -> dao.tarball(integrity))
                .orElseThrow(() -> new IllegalStateException("the package store has no tarball " + integrity));
        if (!Tarball.sriOf("SHA-512", "sha512-", tarball).equals(integrity)) {
            throw new IllegalStateException("the stored tarball " + integrity + " does not match its integrity");
        }
        Packument.Release stored = new Packument.Release("stored package", integrity, "", integrity, "", java.util.Map.of(),
                java.util.Map.of(), java.util.Map.of(), false, false);
        unpack(integrity, Tarball.read(stored, tarball, new Tarball.Caps(Integer.MAX_VALUE, Long.MAX_VALUE - 1, Integer.MAX_VALUE)));
        return directory;
    }

    private void unpack(String integrity, List<Tarball.File> files) {
        Path target = root.resolve(directoryName(integrity));
        if (Files.isDirectory(target)) {
            return;
        }
        Path staging = root.resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            for (Tarball.File file : files) {
                Path path = staging.resolve(file.path()).normalize();
                if (!path.startsWith(staging)) {
                    throw new IllegalStateException("a package file would leave its directory: " + file.path());
                }
                Files.createDirectories(path.getParent());
                Files.write(path, file.content());
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(staging);
            }
        } catch (IOException e) {
            deleteTree(staging);
            throw new UncheckedIOException("cannot unpack a package into " + root, e);
        }
    }

    /** {@code sha512-<base64>} as a file name: the digest in hex. */
    static String directoryName(String integrity) {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("not a sha512 integrity: " + integrity);
        }
        return HexFormat.of().formatHex(Base64.getDecoder().decode(integrity.substring("sha512-".length())));
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover staging directory is harmless: nothing reads it
        }
    }
}
