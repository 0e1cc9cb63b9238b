package io.hookbox.sandbox.worker;

import org.graalvm.polyglot.Value;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the web-standard globals ask of the host, in primitive strings: fetch and abort (through {@link HostCalls}),
 * secure random bytes, digests and HMACs (bytes as base64), and IDNA for the URL parser. Also hands the server's answers to the guest, on the
 * run's own thread. One per context, like the bridge it serves.
 */
final class HostFunctions {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_RANDOM_BYTES = 65_536;
    private static final Map<String, String> DIGESTS = Map.of("SHA-1", "SHA-1", "SHA-256", "SHA-256",
            "SHA-384", "SHA-384", "SHA-512", "SHA-512");
    private static final Map<String, String> MACS = Map.of("SHA-1", "HmacSHA1", "SHA-256", "HmacSHA256",
            "SHA-384", "HmacSHA384", "SHA-512", "HmacSHA512");

    private final HostCalls calls;
    private Value web;
    private Value auth0;
    /** The numbers of the current run's questions to the host, whose answers go to the Auth0 adapter, not to fetch. */
    private final java.util.Set<Integer> questions = new java.util.HashSet<>();

    HostFunctions(HostCalls calls) {
        this.calls = calls;
    }

    /** The guest side of the web globals, whose {@code deliver(number, json)} settles a fetch. */
    void attachWeb(Value webSide) {
        this.web = webSide;
    }

    /** The Auth0 adapter, whose {@code deliver(number, json)} settles a question to the host. */
    void attachAuth0(Value adapter) {
        this.auth0 = adapter;
    }

    /** Handles {@code bridge(name, ...)} for the web globals and the host questions; null for a name it does not know. */
    Object call(Invocation invocation, String name, Value[] arguments) {
        switch (name) {
            case "fetch" -> {
                return calls.send(invocation, arguments[1].asString());
            }
            case "query" -> {
                int number = calls.ask(invocation, arguments[1].asString(), text(arguments, 2));
                questions.add(number);
                return number;
            }
            case "fetchAbort" -> {
                calls.abort(invocation, Integer.parseInt(arguments[1].asString()));
                return null;
            }
            case "random" -> {
                byte[] bytes = new byte[Math.max(0, Math.min(MAX_RANDOM_BYTES, Integer.parseInt(arguments[1].asString())))];
                RANDOM.nextBytes(bytes);
                return Base64.getEncoder().encodeToString(bytes);
            }
            case "digest" -> {
                return digest(arguments[1].asString(), text(arguments, 2));
            }
            case "toASCII" -> {
                return toAscii(arguments[1].asString());
            }
            case "hmac" -> {
                return hmac(arguments[1].asString(), text(arguments, 2), text(arguments, 3));
            }
            default -> {
                return null;
            }
        }
    }

    /** Hands every answer that has arrived to the guest; true when there was one. */
    boolean deliverAnswers(Invocation invocation) {
        boolean delivered = false;
        Invocation.Answer answer;
        while ((answer = invocation.takeAnswer()) != null) {
            (questions.remove(answer.number()) ? auth0 : web).invokeMember("deliver", answer.number(), answer.json());
            delivered = true;
        }
        return delivered;
    }

    void forget(Invocation invocation) {
        questions.clear();
        calls.forget(invocation);
    }

    /** A domain's ASCII form (IDNA), lower case; null when it is not a valid domain. */
    private static String toAscii(String domain) {
        try {
            return java.net.IDN.toASCII(domain, java.net.IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(Value[] arguments, int index) {
        return arguments.length > index && arguments[index].isString() ? arguments[index].asString() : "";
    }

    private static String digest(String algorithm, String data) {
        String name = DIGESTS.get(algorithm);
        if (name == null) {
            return null;
        }
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance(name).digest(Base64.getDecoder().decode(data)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String hmac(String algorithm, String key, String data) {
        String name = MACS.get(algorithm);
        if (name == null) {
            return null;
        }
        try {
            byte[] keyBytes = Base64.getDecoder().decode(key);
            Mac mac = Mac.getInstance(name);
            // HMAC pads its key with zeros, so an empty key is the same as one zero byte (which Java accepts)
            mac.init(new SecretKeySpec(keyBytes.length == 0 ? new byte[1] : keyBytes, name));
            return Base64.getEncoder().encodeToString(mac.doFinal(Base64.getDecoder().decode(data)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
