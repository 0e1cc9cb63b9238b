package io.hookbox.sandbox.worker;

import org.graalvm.polyglot.Value;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** What the hooks' {@code crypto} module computes on the host: strings in (bytes as hex), strings out. */
final class GuestCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, String> DIGESTS = Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256",
            "sha512", "SHA-512");
    private static final Map<String, String> MACS = Map.of("md5", "HmacMD5", "sha1", "HmacSHA1", "sha256", "HmacSHA256",
            "sha512", "HmacSHA512");
    private static final int MAX_HEX = 32 << 20;

    private GuestCrypto() {
    }

    /** {@code crypto, operation, ...}: uuid; random n; hash alg "" data; hmac alg key data; base64 hex. */
    static String answer(Value... arguments) {
        for (Value argument : arguments) {
            if (!argument.isString()) {
                return "!invalid crypto call";
            }
        }
        try {
            return switch (arguments[1].asString()) {
                case "uuid" -> UUID.randomUUID().toString();
                case "random" -> {
                    byte[] bytes = new byte[Math.min(Integer.parseInt(arguments[2].asString()), 65536)];
                    RANDOM.nextBytes(bytes);
                    yield HEX.formatHex(bytes);
                }
                case "base64" -> Base64.getEncoder().encodeToString(bytes(arguments[2]));
                case "hash" -> digest(arguments);
                case "hmac" -> hmac(arguments);
                default -> "!invalid crypto call";
            };
        } catch (IllegalArgumentException | IndexOutOfBoundsException | GeneralSecurityException e) {
            return "!" + e.getMessage();
        }
    }

    private static String digest(Value[] arguments) throws GeneralSecurityException {
        String algorithm = DIGESTS.get(arguments[2].asString().toLowerCase());
        if (algorithm == null) {
            return "!Digest method not supported in hooks: " + arguments[2].asString() + " (md5, sha1, sha256, sha512)";
        }
        return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(bytes(arguments[4])));
    }

    private static String hmac(Value[] arguments) throws GeneralSecurityException {
        String algorithm = MACS.get(arguments[2].asString().toLowerCase());
        if (algorithm == null) {
            return "!Invalid digest for HMAC in hooks: " + arguments[2].asString() + " (md5, sha1, sha256, sha512)";
        }
        Mac mac = Mac.getInstance(algorithm);
        byte[] key = bytes(arguments[3]);
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
        return HEX.formatHex(mac.doFinal(bytes(arguments[4])));
    }

    private static byte[] bytes(Value hex) {
        String text = hex.asString();
        if (text.length() > MAX_HEX) {
            throw new IllegalArgumentException("the data is too large");
        }
        return HEX.parseHex(text);
    }
}
