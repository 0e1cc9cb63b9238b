package io.hookbox.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.util.Map;

/** Signs claim sets as RS256 JWTs with the tenant's key. Thread-safe. */
public final class TokenSigner {

    /** RFC 9068's media type for JWT access tokens. */
    public static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    public static final JOSEObjectType ID_TOKEN = JOSEObjectType.JWT;

    private final SigningKeys keys;

    public TokenSigner(SigningKeys keys) {
        this.keys = keys;
    }

    public String sign(String tenantId, Map<String, Object> claims, JOSEObjectType type) {
        return forTenant(tenantId).sign(claims, type);
    }

    /** The tenant's signing key, read once, for the tokens of one response: they are all signed with the same key. */
    public KeyInHand forTenant(String tenantId) {
        return new KeyInHand(keys.privateKey(tenantId));
    }

    /** Signs with one key. */
    public record KeyInHand(RSAKey key) {

        public String sign(Map<String, Object> claims, JOSEObjectType type) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build();
            try {
                SignedJWT jwt = new SignedJWT(header, JWTClaimsSet.parse(claims));
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (ParseException e) {
                throw new IllegalArgumentException("claims are not a valid JWT claim set: " + e.getMessage(), e);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign a token", e);
            }
        }
    }
}
