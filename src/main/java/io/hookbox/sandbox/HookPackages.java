package io.hookbox.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The npm packages a run may load, as plain data: {@code names}, the packages the hook itself may require, and
 * every installed package's place in the hook's {@code node_modules} tree with the directory of the worker's host
 * that holds its unpacked files (read by the worker's Java side only; hooks have no file system).
 */
public record HookPackages(List<String> names, List<Installed> installed) {

    public static final HookPackages NONE = new HookPackages(List.of(), List.of());

    /** {@code path}: its place in the tree ({@code node_modules/a/node_modules/b}); {@code integrity} names its files. */
    public record Installed(String path, String integrity, String directory) {
    }

    public HookPackages {
        names = List.copyOf(names);
        installed = List.copyOf(installed);
    }

    /** A short text that differs whenever the packages do, so contexts of different locks are never shared. */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(String.join(",", names)).append('|');
        installed.forEach(one -> text.append(one.path()).append('=').append(one.integrity()).append(';'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
