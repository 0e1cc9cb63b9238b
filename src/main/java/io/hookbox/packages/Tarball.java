package io.hookbox.packages;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A package's tarball, checked and read in memory: integrity first, then every entry, refusing what could escape or
 * harm the store (paths with {@code ..}, absolute paths, links, devices, names that collide but for case), native
 * addons, and anything over the caps on files, bytes or compression ratio.
 */
final class Tarball {

    /** A regular file of the package, its path relative to the package's root. */
    record File(String path, byte[] content) {
    }

    record Caps(int maxFiles, long maxBytes, int maxRatio) {
    }

    private Tarball() {
    }

    /**
     * The integrity to record for {@code bytes}: the release's sha512 SRI when given (and it must match), else our own
     * sha512 once the release's sha1 (old packages have only that) matches.
     */
    static String verifiedIntegrity(Packument.Release release, byte[] bytes) {
        String sha512 = sriOf("SHA-512", "sha512-", bytes);
        for (String part : release.integrity().trim().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                if (!MessageDigest.isEqual(part.getBytes(), sha512.getBytes())) {
                    throw PackageErrors.integrityMismatch(release.name(), release.version(), part);
                }
                return sha512;
            }
        }
        String sha1 = HexFormat.of().formatHex(digest("SHA-1", bytes));
        String expected = release.shasum().toLowerCase(Locale.ROOT);
        for (String part : release.integrity().trim().split("\\s+")) {
            if (part.startsWith("sha1-")) {
                expected = HexFormat.of().formatHex(Base64.getDecoder().decode(part.substring(5)));
            }
        }
        if (expected.isEmpty() || !expected.equals(sha1)) {
            throw PackageErrors.integrityMismatch(release.name(), release.version(),
                    expected.isEmpty() ? "(none given)" : "sha1 " + expected);
        }
        return sha512;
    }

    static String sriOf(String algorithm, String prefix, byte[] bytes) {
        return prefix + Base64.getEncoder().encodeToString(digest(algorithm, bytes));
    }

    /** The package's files: the entries under the tarball's top directory (npm's {@code package/}). */
    static List<File> read(Packument.Release release, byte[] tarball, Caps caps) {
        List<File> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        try (InputStream gzip = new GzipCompressorInputStream(new ByteArrayInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw PackageErrors.unsafeArchive(release.name(), release.version(), "it holds a link (" + entry.getName() + ")");
                }
                if (!entry.isFile()) {
                    throw PackageErrors.unsafeArchive(release.name(), release.version(),
                            "it holds a device or special file (" + entry.getName() + ")");
                }
                String path = packagePath(release, entry.getName());
                if (path.endsWith(".node") || path.equals("binding.gyp")) {
                    throw PackageErrors.nativeModule(release.name(), release.version(), path);
                }
                if (!seen.add(path.toLowerCase(Locale.ROOT))) {
                    throw PackageErrors.unsafeArchive(release.name(), release.version(),
                            "it holds two files named " + path + " (or differing only in case)");
                }
                if (files.size() + 1 > caps.maxFiles()) {
                    throw PackageErrors.tooLarge(release.name() + "@" + release.version() + " has more than " + caps.maxFiles() + " files");
                }
                byte[] content = tar.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, caps.maxBytes() - total + 1));
                total += content.length;
                if (total > caps.maxBytes()) {
                    throw PackageErrors.tooLarge(release.name() + "@" + release.version() + " unpacks to more than "
                            + caps.maxBytes() + " bytes");
                }
                if (total > (long) caps.maxRatio() * Math.max(tarball.length, 1024)) {
                    throw PackageErrors.tooLarge(release.name() + "@" + release.version() + " expands more than "
                            + caps.maxRatio() + " times its compressed size: refused as a compression bomb");
                }
                files.add(new File(path, content));
            }
        } catch (IOException e) {
            throw PackageErrors.unsafeArchive(release.name(), release.version(), "it is not a valid gzipped tar archive ("
                    + e.getMessage() + ")");
        }
        return files;
    }

    /** The entry's path without its top directory; refused when it is absolute or climbs out with {@code ..}. */
    private static String packagePath(Packument.Release release, String entryName) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            throw PackageErrors.unsafeArchive(release.name(), release.version(), "it holds an absolute path (" + entryName + ")");
        }
        int slash = name.indexOf('/');
        String path = slash < 0 ? name : name.substring(slash + 1);
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw PackageErrors.unsafeArchive(release.name(), release.version(), "it holds a path leaving the package ("
                        + entryName + ")");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        if (kept.isEmpty()) {
            throw PackageErrors.unsafeArchive(release.name(), release.version(), "it holds an entry with no name");
        }
        return String.join("/", kept);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
