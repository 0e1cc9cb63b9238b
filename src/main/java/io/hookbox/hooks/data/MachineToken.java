package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.time.Duration;
import java.time.Instant;

/**
 * The claims of the access token a client-credentials grant issues to an application itself (no user): what a
 * credentials-exchange hook sees in {@code data.context.accessToken} and may extend with custom claims.
 */
public final class MachineToken {

    public static final Shape.ObjectShape SHAPE = Shape.object()
            .required("iss", Shape.string(TextFormat.URI), "The issuer: the tenant's URL.")
            .required("sub", Shape.string(), "The subject: the application's client id.")
            .required("aud", Shape.string(), "The audience of the token.")
            .required("iat", Shape.integer(0), "When the token is issued, in seconds since 1970.")
            .required("exp", Shape.integer(0), "When the token expires, in seconds since 1970.")
            .required("jti", Shape.string(), "The token's unique id.")
            .required("client_id", Shape.string(), "The application's client id.")
            .optional("scope", Shape.string(), "The granted scopes, separated by spaces, when any were asked for.")
            .open();

    private MachineToken() {
    }

    /** The claims for a token issued to the application {@code clientId} at {@code issuedAt}; {@code scope} may be empty. */
    public static ObjectNode claims(String issuer, String clientId, String audience, String scope, Instant issuedAt,
                                    Duration lifetime, String jti) {
        ObjectNode claims = DataJson.NODES.objectNode()
                .put("iss", issuer).put("sub", clientId).put("aud", audience)
                .put("iat", issuedAt.getEpochSecond()).put("exp", issuedAt.plus(lifetime).getEpochSecond())
                .put("jti", jti).put("client_id", clientId);
        if (!scope.isEmpty()) {
            claims.put("scope", scope);
        }
        return claims;
    }
}
