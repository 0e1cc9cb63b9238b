package io.hookbox.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749's successful token response; {@code id_token} only when a user signed in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("id_token") String idToken,
                            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn,
                            @JsonProperty("scope") String scope) {
}
